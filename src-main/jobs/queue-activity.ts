import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../write-file-atomic';

/**
 * What the process holding the queue lock is doing, written by it beside the lock whenever that
 * changes, so that another process refused the queue can say whether the holder is busy or idle
 * (and what it runs) instead of guessing. Advisory: the lock alone decides who trains.
 */
const QueueActivitySchema = z.object({
  pid: z.number().int().positive(),
  /** Who holds the queue, in words: "the desktop app", "avlab serve", "avlab train". */
  holder: z.string(),
  /** Whether it trains queued runs (the app, serve, a command waiting for its runs). */
  trainsQueued: z.boolean(),
  runs: z.array(z.object({ id: z.number().int(), label: z.string() })),
  /** Evaluations and attention captures running or waiting. */
  tasks: z.number().int().nonnegative(),
  /** When this changed last (ISO 8601). */
  since: z.string(),
});
export type QueueActivity = z.infer<typeof QueueActivitySchema>;

const FILE = 'queue.activity.json';

export function writeQueueActivity(dataDir: string, activity: QueueActivity): void {
  try {
    // Renamed into place, so a reader sees the old record or the new one, never half of one.
    writeFileAtomic(join(dataDir, FILE), JSON.stringify(activity));
  } catch {
    // A full or read-only disk: training goes on; only the description of it is stale.
  }
}

export function removeQueueActivity(dataDir: string, pid = process.pid): void {
  if (readQueueActivity(dataDir, pid)) rmSync(join(dataDir, FILE), { force: true });
}

/** The activity the process `pid` recorded; null when it recorded none (or another process did). */
export function readQueueActivity(dataDir: string, pid: number | null): QueueActivity | null {
  if (pid === null) return null;
  let text: string;
  try {
    text = readFileSync(join(dataDir, FILE), 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed = QueueActivitySchema.safeParse(JSON.parse(text));
    return parsed.success && parsed.data.pid === pid ? parsed.data : null;
  } catch {
    return null;
  }
}

/** "is busy: training run 12 (pl/noisy_audio)", "is idle", or that it has not said. */
export function describeActivity(activity: QueueActivity | null): string {
  if (!activity) return 'has not said whether it is busy (it is starting, or an older version)';
  const parts: string[] = [];
  if (activity.runs.length > 0) {
    const runs = activity.runs.map((r) => `run ${r.id} (${r.label})`);
    parts.push(`training ${runs.join(', ')}`);
  }
  if (activity.tasks > 0)
    parts.push(`${activity.tasks} evaluation/attention task${activity.tasks === 1 ? '' : 's'}`);
  return parts.length === 0 ? 'is idle' : `is busy: ${parts.join(' and ')}`;
}

/** The holder in words: "pid 4242, avlab serve". */
export function holderName(pid: number | null, activity: QueueActivity | null): string {
  return activity ? `pid ${pid}, ${activity.holder}` : `pid ${pid}`;
}
