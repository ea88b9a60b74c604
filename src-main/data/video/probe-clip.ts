import { DecodeError } from '../decode-error';
import { lastLine, runTool } from './run-tool';

/** What ffprobe says about a clip: its length and whether it has a picture and a sound track. */
export interface ClipProbe {
  /** Length of the clip (the container's, else the longest stream's), in seconds. */
  durationSeconds: number;
  /** Length of the video stream, where frames can be taken from. */
  videoSeconds: number;
  hasAudio: boolean;
  width: number;
  height: number;
}

interface ProbeJson {
  format?: { duration?: string };
  streams?: {
    codec_type?: string;
    duration?: string;
    width?: number;
    height?: number;
    disposition?: { attached_pic?: number };
  }[];
}

/** Runs ffprobe on a clip; an unreadable clip (truncated, not a video) is a DecodeError naming it. */
export async function probeClip(ffprobe: string, file: string): Promise<ClipProbe> {
  const result = await runTool(ffprobe, [
    '-v',
    'error',
    '-print_format',
    'json',
    '-show_format',
    '-show_streams',
    file,
  ]);
  if (result.code !== 0) {
    throw new DecodeError(
      file,
      `unreadable clip (ffprobe: ${lastLine(result.stderr) || `exit ${result.code ?? result.signal}`})`,
    );
  }
  let json: ProbeJson;
  try {
    json = JSON.parse(result.stdout) as ProbeJson;
  } catch {
    throw new DecodeError(file, 'unreadable clip (ffprobe printed no JSON)');
  }
  const streams = json.streams ?? [];
  // A cover picture is a video stream of one frame, not a clip.
  const video = streams.find((s) => s.codec_type === 'video' && !s.disposition?.attached_pic);
  if (!video) throw new DecodeError(file, 'unreadable clip: no video stream');
  const seconds = (text: string | undefined) => {
    const value = Number(text);
    return Number.isFinite(value) && value > 0 ? value : 0;
  };
  const streamSeconds = Math.max(0, ...streams.map((s) => seconds(s.duration)));
  const durationSeconds = seconds(json.format?.duration) || streamSeconds;
  if (!(durationSeconds > 0)) throw new DecodeError(file, 'unreadable clip: no duration');
  return {
    durationSeconds,
    videoSeconds: seconds(video.duration) || durationSeconds,
    hasAudio: streams.some((s) => s.codec_type === 'audio'),
    width: video.width ?? 0,
    height: video.height ?? 0,
  };
}
