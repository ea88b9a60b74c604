import type { StepProgress } from '@shared/domain/training';

/** Step points kept per run for the live curve; past this, every other point is dropped. */
const MAX_POINTS = 2000;
/** Progress can arrive dozens of times a second; subscribers hear about it at most this often. */
export const FLUSH_MS = 500;

export interface LiveRun {
  latest: StepProgress;
  /** x = epochs done as a fraction, y = loss / accuracy of that step's batch. Grows in place. */
  points: { x: number; loss: number; accuracy: number }[];
  /** Changes at each flush that brought new points: what components compare. */
  version: number;
}

/**
 * Live progress of every run, outside React state: events write into it at any rate, and
 * subscribed components re-render once per flush, and only those whose run changed.
 */
export class LiveRunStore {
  private runs = new Map<number, LiveRun>();
  private dirty = new Set<number>();
  private listeners = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly flushMs = FLUSH_MS) {}

  record(runId: number, progress: StepProgress): void {
    const run = this.runs.get(runId) ?? { latest: progress, points: [], version: 0 };
    run.latest = progress;
    run.points.push({
      x: progress.epoch - 1 + progress.step / Math.max(1, progress.stepsPerEpoch),
      loss: progress.loss,
      accuracy: progress.accuracy,
    });
    if (run.points.length > MAX_POINTS) run.points = run.points.filter((_, i) => i % 2 === 0);
    this.runs.set(runId, run);
    this.dirty.add(runId);
    this.timer ??= setTimeout(() => this.flush(), this.flushMs);
  }

  /** The run's live state; a new object after each flush that changed it, so React sees the change. */
  get(runId: number): LiveRun | undefined {
    return this.runs.get(runId);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.listeners.clear();
  }

  private flush(): void {
    this.timer = null;
    // A User Timing mark: the UI benchmark attributes long tasks to progress flushes with it.
    performance.mark('avlab:live-flush');
    for (const id of this.dirty) {
      const run = this.runs.get(id);
      if (run) this.runs.set(id, { ...run, version: run.version + 1 });
    }
    this.dirty.clear();
    for (const listener of this.listeners) listener();
  }
}
