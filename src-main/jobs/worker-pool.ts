import { Worker } from 'node:worker_threads';
import { CONTROL_CANCEL, type MainToWorker, type WorkerToMain } from './protocol';
import { trainingWorkerEntry, type WorkerEntry } from './worker-entry';

/** What a worker is doing: one run (with its control word) or one short task. */
export type Busy =
  | { kind: 'run'; runId: number; control: Int32Array }
  | { kind: 'task'; taskId: number };

export interface Slot {
  readonly worker: Worker;
  busy: Busy | null;
}

export interface WorkerPoolOptions {
  /** The worker script; tests swap in a scripted one. */
  workerEntry?: WorkerEntry;
  onMessage(slot: Slot, message: WorkerToMain): void;
  /** A worker crashed or exited on its own; `busy` is what it was doing. */
  onDeath(busy: Busy | null, reason: string): void;
}

/**
 * Long-lived worker threads, one job each at a time. A native tfjs addon loads once per process,
 * so workers are kept and reused; they are never terminated to stop a run (cancel and pause are
 * cooperative, through shared memory), only when they do not shut down on their own at close.
 */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private closing = false;

  constructor(private readonly options: WorkerPoolOptions) {}

  get busyCount(): number {
    return this.slots.filter((s) => s.busy !== null).length;
  }

  /** The runs the workers are training now. */
  get busyRunIds(): number[] {
    return this.slots.flatMap((s) => (s.busy?.kind === 'run' ? [s.busy.runId] : []));
  }

  /** Hands a job to a free worker (spawning one when none is free). */
  assign(busy: Busy, message: MainToWorker): void {
    const slot = this.slots.find((s) => s.busy === null) ?? this.spawn();
    slot.busy = busy;
    slot.worker.postMessage(message);
  }

  /** The worker reported its job finished: it takes the next one. */
  release(slot: Slot): void {
    slot.busy = null;
  }

  /** The control word of a run being trained, null when no worker trains it. */
  runControl(runId: number): Int32Array | null {
    for (const { busy } of this.slots)
      if (busy?.kind === 'run' && busy.runId === runId) return busy.control;
    return null;
  }

  /** Cancels the runs in progress, asks every worker to stop, and waits (5 s each at most). */
  async close(): Promise<void> {
    this.closing = true;
    for (const slot of this.slots) {
      if (slot.busy?.kind === 'run') Atomics.store(slot.busy.control, 0, CONTROL_CANCEL);
      slot.worker.postMessage({ type: 'shutdown' } satisfies MainToWorker);
    }
    await Promise.all(this.slots.map(stopped));
    this.slots.length = 0;
  }

  private spawn(): Slot {
    const entry = this.options.workerEntry ?? trainingWorkerEntry();
    const worker = new Worker(entry.file, { workerData: entry.workerData });
    const slot: Slot = { worker, busy: null };
    worker.on('message', (message: WorkerToMain) => this.options.onMessage(slot, message));
    worker.on('error', (error) => this.died(slot, `the training worker crashed: ${error.message}`));
    worker.on('exit', (code) => {
      if (!this.closing) this.died(slot, `the training worker exited with code ${code}`);
    });
    this.slots.push(slot);
    return slot;
  }

  private died(slot: Slot, reason: string): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1);
    this.options.onDeath(slot.busy, reason);
  }
}

function stopped(slot: Slot): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => void slot.worker.terminate().then(() => resolve()), 5000);
    slot.worker.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
