import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { DataProgress } from '@shared/domain/dataset';
import { asDecodeError, type DecodeError } from '../decode-error';
import {
  type ExtractedClip,
  type ExtractionSettings,
  extractClip,
  extractedClip,
} from './extract-clip';
import type { VideoTools } from './video-tools';

export interface ClipJob {
  id: string;
  video: string;
}

export interface ExtractionOutcome {
  /** Per job, in order: the clip's folder and outputs, or why it was rejected. */
  results: ({ dir: string; clip: ExtractedClip } | { error: DecodeError })[];
  extracted: number;
  reused: number;
  jobs: number;
  seconds: number;
}

/** A clip's folder name: readable, and unique per video file (ids may repeat across CSVs). */
export function clipFolderName(job: ClipJob): string {
  const safe = job.id.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 60);
  const hash = createHash('sha256').update(job.video).digest('hex').slice(0, 8);
  return `${safe}-${hash}`;
}

/**
 * Extracts every clip into `stagingDir/<clip>/`, `jobs` ffmpeg processes at a time. A clip whose
 * folder already holds a finished extraction of the same file is reused, so a rerun after a
 * crash or a cancel picks up where it stopped; scratch folders of dead processes are removed.
 * Progress counts finished clips (reused ones at once).
 */
export async function extractClips(
  clips: ClipJob[],
  options: {
    tools: VideoTools;
    stagingDir: string;
    settings: ExtractionSettings;
    jobs?: number;
    onProgress?: (progress: DataProgress) => void;
  },
): Promise<ExtractionOutcome> {
  const started = performance.now();
  mkdirSync(options.stagingDir, { recursive: true });
  removeDeadScratch(options.stagingDir);
  const jobs = Math.max(1, options.jobs ?? availableParallelism());
  const results: ExtractionOutcome['results'] = new Array(clips.length);
  let done = 0;
  let extracted = 0;
  let reused = 0;
  const report = () => options.onProgress?.({ stage: 'extract', done, total: clips.length });
  const pending: number[] = [];
  clips.forEach((job, i) => {
    const dir = join(options.stagingDir, clipFolderName(job));
    const clip = extractedClip(dir, job.video);
    if (clip) {
      results[i] = { dir, clip };
      reused++;
      done++;
    } else pending.push(i);
  });
  report();
  let next = 0;
  const worker = async () => {
    while (next < pending.length) {
      const i = pending[next++]!;
      const job = clips[i]!;
      const dir = join(options.stagingDir, clipFolderName(job));
      try {
        results[i] = {
          dir,
          clip: await extractClip(options.tools, job.video, dir, options.settings),
        };
        extracted++;
      } catch (error) {
        // A missing tool or a full disk is no fault of the clip: the import stops.
        if (isFatal(error)) throw error;
        results[i] = { error: asDecodeError(job.video, 'unreadable clip', error) };
      }
      done++;
      report();
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, pending.length) }, worker));
  return { results, extracted, reused, jobs, seconds: (performance.now() - started) / 1000 };
}

function isFatal(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return (
    code === 'ENOENT' ||
    code === 'EACCES' ||
    code === 'ENOSPC' ||
    code === 'EDQUOT' ||
    code === 'EROFS'
  );
}

/** `<clip>.part-<pid>-<hex>` folders whose process is gone (a crash or a kill mid-clip). */
function removeDeadScratch(stagingDir: string): void {
  for (const name of readdirSync(stagingDir)) {
    const match = /\.part-(\d+)-[0-9a-f]+$/.exec(name);
    if (!match) continue;
    const pid = Number(match[1]);
    if (pid !== process.pid && isAlive(pid)) continue;
    if (pid === process.pid) continue;
    rmSync(join(stagingDir, name), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
