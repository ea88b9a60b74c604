// Video import throughput for bench-data.ts: clips shaped like VGGSound's (10 s, 320×240 at
// 25 fps, 44.1 kHz stereo AAC) are made with ffmpeg first (not timed), then imported in the
// VGGSound format with one extraction job and with one per core. Every import starts from an
// empty data directory, so nothing is reused.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatasetLibrary } from '../../src-main/data/library';
import { findVideoTools } from '../../src-main/data/video/video-tools';

type Line = (name: string, value: string) => void;
type Timed = <T>(work: () => T | Promise<T>) => Promise<{ value: T; wall: number; cpu: number }>;

const CLASSES = 4;

function makeVggsoundClip(ffmpeg: string, path: string, c: number, seconds: number): void {
  const video = `testsrc2=size=320x240:rate=25:duration=${seconds},hue=h=${c * 90}`;
  const audio = `sine=frequency=${220 * (c + 1)}:sample_rate=44100:duration=${seconds}`;
  const result = spawnSync(
    ffmpeg,
    [
      '-v',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      video,
      '-f',
      'lavfi',
      '-i',
      audio,
      '-ac',
      '2',
      '-c:a',
      'aac',
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      '-pix_fmt',
      'yuv420p',
      '-shortest',
      path,
    ],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) throw new Error(`ffmpeg could not make ${path}: ${result.stderr}`);
}

/** Prints clips/s of `avlab dataset import video` (extraction alone, and with the feature cache). */
export async function benchVideoImport(
  line: Line,
  timed: Timed,
  options: { clips: number; frames: number; seconds: number },
): Promise<void> {
  const tools = findVideoTools();
  const home = mkdtempSync(join(tmpdir(), 'avlab-bench-video-'));
  try {
    const videos = join(home, 'videos');
    mkdirSync(videos);
    const rows: string[] = [];
    for (let i = 0; i < options.clips; i++) {
      const c = i % CLASSES;
      makeVggsoundClip(tools.ffmpeg, join(videos, `clip${i}_000000.mp4`), c, options.seconds);
      rows.push(`clip${i},0,class${c},${i % 5 === 0 ? 'test' : 'train'}`);
    }
    const csv = join(home, 'vggsound.csv');
    writeFileSync(csv, `${rows.join('\n')}\n`);
    line(
      'video clips (VGGSound-shaped)',
      `${options.clips} × ${options.seconds} s, 320×240 25 fps H.264 + 44.1 kHz stereo AAC; ${options.frames} frames each; ffmpeg from ${tools.source}`,
    );
    const cores = availableParallelism();
    for (const jobs of [...new Set([1, cores])]) {
      const data = join(home, `data-${jobs}`);
      const library = new DatasetLibrary(data);
      const run = await timed(() =>
        library.import('video', { csv, videos, format: 'vggsound', frames: options.frames, jobs }),
      );
      const video = run.value.video!;
      line(
        `video import --jobs ${jobs}: extraction`,
        `${(video.extracted / video.extractSeconds).toFixed(2)} clips/s (${video.extractSeconds.toFixed(1)} s for ${video.extracted})`,
      );
      line(
        `video import --jobs ${jobs}: + feature cache`,
        `${(options.clips / run.wall).toFixed(2)} clips/s (${run.wall.toFixed(1)} s wall, ${run.cpu.toFixed(1)} s CPU of this process; ffmpeg runs in child processes)`,
      );
    }
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
