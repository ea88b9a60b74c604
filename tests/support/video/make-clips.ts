import { spawnSync } from 'node:child_process';
import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import {
  findVideoTools,
  MissingVideoToolError,
  type VideoTools,
} from '../../../src-main/data/video/video-tools';

/**
 * The ffmpeg the video tests run, or why they skip: they need a real ffmpeg/ffprobe and skip
 * (saying so) only when none can be found, on PATH or in the optional packages.
 */
export function videoToolsOrSkipReason(): { tools?: VideoTools; skip?: string } {
  try {
    return { tools: findVideoTools() };
  } catch (error) {
    if (error instanceof MissingVideoToolError)
      return { skip: `no ffmpeg/ffprobe binary found: ${error.message}` };
    throw error;
  }
}

export interface ClipSpec {
  seconds: number;
  /** The clip's colour; green instead encodes time (green = 50 × t), so frame times can be read back. */
  red: number;
  blue: number;
  /** A sine tone; absent = no audio track at all. */
  toneHz?: number;
  /** Audio sample rate and channels of the track (default 16 kHz mono). */
  audioRate?: number;
  channels?: number;
  /** A track that is there but silent. */
  silentAudio?: boolean;
  /** Frames per second (default 10); 0.5 makes a near-still video of a frame every 2 s. */
  fps?: number;
}

/** Green per second of clip time in every generated frame. */
export const GREEN_PER_SECOND = 50;

/**
 * Writes a tiny H.264/AAC MP4 (64×48, 10 fps unless told): a flat colour per class whose green channel
 * grows with time, and a tone per class. Fast enough to make dozens in a test.
 */
export function makeClip(ffmpeg: string, path: string, spec: ClipSpec): void {
  const video = `color=c=black:s=64x48:r=${spec.fps ?? 10}:d=${spec.seconds},format=rgb24,geq=r='${spec.red}':g='min(255,T*${GREEN_PER_SECOND})':b='${spec.blue}'`;
  const args = ['-v', 'error', '-y', '-f', 'lavfi', '-i', video];
  if (spec.toneHz !== undefined || spec.silentAudio) {
    const rate = spec.audioRate ?? 16000;
    const source = spec.silentAudio
      ? `anullsrc=channel_layout=mono:sample_rate=${rate}`
      : `sine=frequency=${spec.toneHz}:sample_rate=${rate}:duration=${spec.seconds}`;
    args.push('-f', 'lavfi', '-t', String(spec.seconds), '-i', source);
    args.push('-ac', String(spec.channels ?? 1), '-c:a', 'aac');
  }
  args.push('-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-t', String(spec.seconds), path);
  const result = spawnSync(ffmpeg, args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`ffmpeg could not make ${path}: ${result.stderr}`);
}

/** Cuts a clip to its first third: the index (moov) that ffmpeg writes last is gone. */
export function truncateClip(path: string): void {
  truncateSync(path, Math.floor(readFileSync(path).byteLength / 3));
}

/** A file that is no video at all, named like one. */
export function writeNotAVideo(path: string): void {
  writeFileSync(path, 'this is not a video\n');
}

/** Three classes: colour and tone. */
export const CLASS_LOOKS = [
  { name: 'bird', red: 200, blue: 30, toneHz: 880 },
  { name: 'car', red: 30, blue: 200, toneHz: 220 },
  { name: 'dog', red: 120, blue: 120, toneHz: 440 },
] as const;
