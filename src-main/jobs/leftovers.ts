import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { DataLayout } from '../home';
import { isProcessAlive } from './process-identity';

/** A checkpoint being written: `epoch-3.safetensors.tmp-<pid>` (engine/checkpoint/safetensors.ts). */
const CHECKPOINT_TEMP = /\.tmp-(\d+)$/;
/** A feature cache being built: `.tmp-<settings hash>-<pid>-<random>` (data/cache/build-cache.ts). */
const CACHE_TEMP = /^\.tmp-.+-(\d+)-[0-9a-f]{8}$/;
/** Caches named before they carried a pid: a build takes minutes, not an hour. */
const UNNAMED_CACHE_STALE_MS = 60 * 60 * 1000;

/**
 * Removes what killed processes (or a full disk) left half-written: checkpoint temp files and
 * feature-cache temp directories, each only when the process that wrote it is gone. Called by the
 * process taking the queue over; returns the paths removed.
 */
export function removeLeftovers(layout: Pick<DataLayout, 'checkpoints' | 'features'>): string[] {
  const removed: string[] = [];
  for (const runDir of subdirectories(layout.checkpoints))
    removed.push(...removeCheckpointTemporaries(runDir, (pid) => !isProcessAlive(pid)));
  for (const datasetDir of subdirectories(layout.features)) {
    for (const name of entries(datasetDir)) {
      const pid = CACHE_TEMP.exec(name)?.[1];
      const stale = pid
        ? !isProcessAlive(Number(pid))
        : name.startsWith('.tmp-') && olderThan(join(datasetDir, name), UNNAMED_CACHE_STALE_MS);
      if (stale && remove(join(datasetDir, name))) removed.push(join(datasetDir, name));
    }
  }
  return removed;
}

/**
 * A run's checkpoint temp files whose writer `isGone` says has stopped. After a run ends its
 * worker writes nothing more for it, so then every one of them is a leftover.
 */
export function removeCheckpointTemporaries(
  runDir: string,
  isGone: (pid: number) => boolean = () => true,
): string[] {
  const removed: string[] = [];
  for (const name of entries(runDir)) {
    const pid = CHECKPOINT_TEMP.exec(name)?.[1];
    if (pid && (Number(pid) === process.pid || isGone(Number(pid))) && remove(join(runDir, name)))
      removed.push(join(runDir, name));
  }
  return removed;
}

function entries(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function subdirectories(dir: string): string[] {
  return entries(dir)
    .map((name) => join(dir, name))
    .filter((path) => {
      try {
        return statSync(path).isDirectory();
      } catch {
        return false;
      }
    });
}

function olderThan(path: string, ms: number): boolean {
  try {
    return Date.now() - statSync(path).mtimeMs > ms;
  } catch {
    return false;
  }
}

function remove(path: string): boolean {
  try {
    rmSync(path, { recursive: true, force: true });
    return true;
  } catch {
    // Removed by another process first, or not ours to remove: left for the next start.
    return false;
  }
}
