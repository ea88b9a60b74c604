import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { decodeWav } from '../audio/wav';
import { DecodeError } from '../decode-error';
import { probeClip } from './probe-clip';
import { lastLine, runTool } from './run-tool';
import type { VideoTools } from './video-tools';

/** How clips are extracted; part of the staging key, so other settings never reuse a clip. */
export interface ExtractionSettings {
  sampleRate: number;
  frames: number;
  /** Frames are scaled so their short side is this (never enlarged). */
  frameShortSide: number;
  /** A clip without an audio track: rejected, or kept with a silent track. */
  missingAudio: 'reject' | 'silent';
}

export const AUDIO_FILE = 'audio.wav';
const CLIP_FILE = 'clip.json';
/** Peak below −80 dBFS: a track that is there but carries nothing. */
const SILENT_PEAK = 1e-4;

const ExtractedClipSchema = z.object({
  video: z.string(),
  videoBytes: z.number(),
  videoMtimeMs: z.number(),
  durationSeconds: z.number(),
  audioSeconds: z.number(),
  audioBytes: z.number().int(),
  hasAudio: z.boolean(),
  silent: z.boolean(),
  /** Where each frame was taken, in seconds from the start. */
  frameTimes: z.array(z.number()),
  frameFiles: z.array(z.string()),
  frameBytes: z.array(z.number().int()),
});
/** One clip's outputs, as recorded in its folder's clip.json (written last). */
export type ExtractedClip = z.infer<typeof ExtractedClipSchema>;

export function frameFileName(index: number): string {
  return `frame-${String(index).padStart(2, '0')}.jpg`;
}

/**
 * The middles of `count` equal segments of the clip: evenly spread, never the very first or last
 * frame (a fade or a black frame is common there).
 */
export function frameTimes(videoSeconds: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => ((i + 0.5) * videoSeconds) / count);
}

/**
 * A clip already extracted into `dir` from this very file (same size and modification time),
 * or undefined: a rerun after a crash or a cancel skips such clips.
 */
export function extractedClip(dir: string, video: string): ExtractedClip | undefined {
  const file = join(dir, CLIP_FILE);
  if (!existsSync(file)) return undefined;
  try {
    const clip = ExtractedClipSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    const stats = statSync(video);
    if (clip.video !== video || clip.videoBytes !== stats.size) return undefined;
    if (clip.videoMtimeMs !== stats.mtimeMs) return undefined;
    return clip;
  } catch {
    return undefined;
  }
}

/**
 * Extracts one clip with a single ffmpeg run (decoded once): its audio track as mono 16-bit WAV
 * at the dataset's rate, and `frames` JPEG frames at `frameTimes`. Everything is written into a
 * scratch folder beside `dir` and renamed into place with clip.json inside, so `dir` either
 * holds a whole clip or does not exist. Problems are DecodeErrors naming the video.
 */
export async function extractClip(
  tools: VideoTools,
  video: string,
  dir: string,
  settings: ExtractionSettings,
): Promise<ExtractedClip> {
  let stats: ReturnType<typeof statSync>;
  try {
    stats = statSync(video);
  } catch {
    throw new DecodeError(video, 'video not found (moved or deleted during the import?)');
  }
  const probe = await probeClip(tools.ffprobe, video);
  if (!probe.hasAudio && settings.missingAudio === 'reject') {
    throw new DecodeError(video, 'no audio track (keep such clips with missingAudio: silent)');
  }
  const times = frameTimes(probe.videoSeconds, settings.frames);
  const part = `${dir}.part-${process.pid}-${randomBytes(3).toString('hex')}`;
  mkdirSync(part, { recursive: true });
  try {
    const args = ['-nostdin', '-v', 'error', '-y', '-threads', '1', '-i', video];
    if (!probe.hasAudio) {
      // The silent stand-in, as long as the clip: the sample stays usable, flagged as such.
      args.push(
        '-f',
        'lavfi',
        '-i',
        `anullsrc=channel_layout=mono:sample_rate=${settings.sampleRate}`,
      );
    }
    args.push('-map', probe.hasAudio ? '0:a:0' : '1:a:0', '-t', String(probe.durationSeconds));
    args.push('-ac', '1', '-ar', String(settings.sampleRate), '-c:a', 'pcm_s16le');
    args.push('-f', 'wav', join(part, AUDIO_FILE));
    const side = settings.frameShortSide;
    const scale = `scale=w='if(lte(iw,ih),min(iw,${side}),-1)':h='if(lte(iw,ih),-1,min(ih,${side}))'`;
    // The picture on screen at each time: time shifted so that t₀ is 0, then the fps filter at
    // one frame per segment (round=up gives slot n the last frame at or before t₀ + n·step, and
    // repeats a frame when the video has fewer, e.g. a still image); scaled once, one output.
    const step = probe.videoSeconds / times.length;
    const timeline = `setpts=PTS-STARTPTS-${times[0]!.toFixed(6)}/TB,fps=fps=${(1 / step).toFixed(6)}:start_time=0:round=up`;
    args.push('-map', '0:v:0', '-vf', `${timeline},${scale}`);
    args.push('-frames:v', String(times.length), '-q:v', '2', '-f', 'image2', '-start_number', '0');
    args.push(join(part, 'frame-%02d.jpg'));
    const result = await runTool(tools.ffmpeg, args);
    if (result.code !== 0) {
      throw new DecodeError(
        video,
        `unreadable clip (ffmpeg: ${lastLine(result.stderr) || `exit ${result.code ?? result.signal}`})`,
      );
    }
    const frameFiles = times.map((_, i) => frameFileName(i));
    const frameBytes = frameFiles.map((name, i) => {
      const path = join(part, name);
      const size = existsSync(path) ? statSync(path).size : 0;
      if (size === 0) {
        throw new DecodeError(
          video,
          `unreadable clip: no frame at ${times[i]!.toFixed(2)} s (the video stream ends early)`,
        );
      }
      return size;
    });
    const audioBytes = readFileSync(join(part, AUDIO_FILE));
    const audio = decodeWav(audioBytes, join(part, AUDIO_FILE));
    let peak = 0;
    for (const v of audio.samples) peak = Math.max(peak, Math.abs(v));
    const clip: ExtractedClip = {
      video,
      videoBytes: stats.size,
      videoMtimeMs: stats.mtimeMs,
      durationSeconds: probe.durationSeconds,
      audioSeconds: audio.samples.length / audio.sampleRate,
      audioBytes: audioBytes.byteLength,
      hasAudio: probe.hasAudio,
      silent: probe.hasAudio && peak < SILENT_PEAK,
      frameTimes: times,
      frameFiles,
      frameBytes,
    };
    writeFileSync(join(part, CLIP_FILE), JSON.stringify(clip));
    rmSync(dir, { recursive: true, force: true });
    renameSync(part, dir);
    return clip;
  } finally {
    rmSync(part, { recursive: true, force: true });
  }
}
