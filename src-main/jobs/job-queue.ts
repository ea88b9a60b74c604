import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { BackendReport } from '@shared/domain/backend';
import type { RunRecord, RunStatus } from '@shared/domain/records';
import type { EventHub } from '../api/event-hub';
import type { DataLayout } from '../home';
import type { Store } from '../store';
import {
  CONTROL_CANCEL,
  CONTROL_CONTINUE,
  CONTROL_PAUSE,
  type MainToWorker,
  type TrainJob,
  type WorkerToMain,
} from './protocol';
import { trainingWorkerEntry, type WorkerEntry } from './worker-entry';

interface Slot {
  worker: Worker;
  runId: number | null;
  control: Int32Array | null;
}

export interface JobQueueOptions {
  store: Store;
  layout: DataLayout;
  events: EventHub;
  /** Runs trained at once; read again whenever a slot frees up. */
  concurrency: () => number;
  /** The worker script; tests swap in a scripted one. */
  workerEntry?: WorkerEntry;
}

/**
 * The main side of training: picks queued runs whose backbone is ready, hands them to long-lived
 * worker threads, and writes everything they report to SQLite (in transactions) before fanning it
 * out as events. Workers are never terminated to stop a run: cancel and pause are cooperative.
 */
export class JobQueue {
  private readonly slots: Slot[] = [];
  private readonly idleWaiters: (() => void)[] = [];
  private closed = false;
  /** Set by the API runtime to learn which backend the worker loaded. */
  onBackend: ((report: BackendReport) => void) | null = null;

  constructor(private readonly options: JobQueueOptions) {}

  /** At start-up: runs cut off by a crash become `interrupted`; then queued work starts. */
  start(): void {
    const interrupted = this.options.store.runs.markInterrupted();
    if (interrupted > 0) {
      this.log(
        'warn',
        `${interrupted} run(s) were cut off when the app last stopped: resume them from Runs.`,
      );
    }
    this.pump();
  }

  /** Call after queueing runs. */
  pump(): void {
    if (this.closed) return;
    const { runs } = this.options.store;
    for (const run of runs.queued()) {
      if (this.busyCount() >= this.options.concurrency()) break;
      const blocker = this.blocker(run);
      if (blocker === 'wait') continue;
      if (blocker) {
        this.setStatus(run.id, 'failed', blocker);
        continue;
      }
      this.launch(run);
    }
    if (this.busyCount() === 0 && runs.queued().every((r) => this.blocker(r) === 'wait')) {
      for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }

  /** Resolves once nothing is training and nothing queued can start. */
  whenIdle(): Promise<void> {
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      this.pump();
    });
  }

  cancel(runId: number): boolean {
    const run = this.options.store.runs.get(runId);
    if (!run) return false;
    const slot = this.slots.find((s) => s.runId === runId);
    if (slot?.control) {
      Atomics.store(slot.control, 0, CONTROL_CANCEL);
      return true;
    }
    if (run.status === 'queued' || run.status === 'paused' || run.status === 'interrupted') {
      this.finish(runId, 'cancelled', null);
      return true;
    }
    return false;
  }

  /** Pauses at the next epoch end (after its checkpoint); the run frees its worker. */
  pause(runId: number): boolean {
    const slot = this.slots.find((s) => s.runId === runId);
    if (!slot?.control) return false;
    Atomics.store(slot.control, 0, CONTROL_PAUSE);
    return true;
  }

  /** Queues a paused, interrupted or failed run again; it continues from its last checkpoint. */
  resume(runId: number): boolean {
    const run = this.options.store.runs.get(runId);
    if (!run || !['paused', 'interrupted', 'failed', 'cancelled'].includes(run.status))
      return false;
    const { results } = this.options.store;
    const checkpoint = results.latestCheckpoint(runId);
    results.transaction(() => {
      results.dropEpochsAfter(runId, checkpoint?.epoch ?? 0);
      this.options.store.runs.setEpochsDone(runId, checkpoint?.epoch ?? 0);
      this.setStatus(runId, 'queued', null);
    });
    this.pump();
    return true;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const slot of this.slots) {
      if (slot.control) Atomics.store(slot.control, 0, CONTROL_CANCEL);
      slot.worker.postMessage({ type: 'shutdown' } satisfies MainToWorker);
    }
    await Promise.all(
      this.slots.map(
        (slot) =>
          new Promise<void>((resolve) => {
            const timer = setTimeout(
              () => void slot.worker.terminate().then(() => resolve()),
              5000,
            );
            slot.worker.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
          }),
      ),
    );
    this.slots.length = 0;
  }

  private busyCount(): number {
    return this.slots.filter((s) => s.runId !== null).length;
  }

  /** Why a run cannot start: 'wait' for a backbone still under way, a reason when it never will. */
  private blocker(run: RunRecord): string | 'wait' | null {
    if (run.parentRunId === null) return null;
    const parent = this.options.store.runs.get(run.parentRunId);
    if (!parent) return `its backbone run ${run.parentRunId} no longer exists`;
    if (parent.status === 'done') return null;
    if (parent.status === 'failed' || parent.status === 'cancelled') {
      return `its backbone run ${parent.id} ended ${parent.status}`;
    }
    return 'wait';
  }

  private launch(run: RunRecord): void {
    const { store, layout } = this.options;
    const slot = this.slots.find((s) => s.runId === null) ?? this.spawnSlot();
    const control = new Int32Array(new SharedArrayBuffer(4));
    Atomics.store(control, 0, CONTROL_CONTINUE);
    slot.runId = run.id;
    slot.control = control;
    const parentCheckpoint =
      run.parentRunId === null ? null : store.results.latestCheckpoint(run.parentRunId);
    const resumeCheckpoint = run.epochsDone > 0 ? store.results.latestCheckpoint(run.id) : null;
    const settings = store.settings.get();
    const job: TrainJob = {
      runId: run.id,
      datasetId: run.datasetId,
      dataDir: layout.root,
      config: run.config,
      parentCheckpoint: parentCheckpoint?.path ?? null,
      resumeCheckpoint: resumeCheckpoint?.path ?? null,
      checkpointDir: join(layout.checkpoints, `run-${run.id}`),
      backendOverride: settings.backendOverride,
      control: control.buffer as SharedArrayBuffer,
    };
    this.setStatus(run.id, 'running', null);
    slot.worker.postMessage({ type: 'train', job } satisfies MainToWorker);
  }

  private spawnSlot(): Slot {
    const entry = this.options.workerEntry ?? trainingWorkerEntry();
    const worker = new Worker(entry.file, { workerData: entry.workerData });
    const slot: Slot = { worker, runId: null, control: null };
    worker.on('message', (message: WorkerToMain) => this.onMessage(slot, message));
    worker.on('error', (error) =>
      this.onWorkerDeath(slot, `the training worker crashed: ${error.message}`),
    );
    worker.on('exit', (code) => {
      if (!this.closed) this.onWorkerDeath(slot, `the training worker exited with code ${code}`);
    });
    this.slots.push(slot);
    return slot;
  }

  private onWorkerDeath(slot: Slot, reason: string): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1);
    // The completed epochs and their checkpoints are stored: the run can resume from them.
    if (slot.runId !== null) this.finish(slot.runId, 'interrupted', reason);
    this.pump();
  }

  private onMessage(slot: Slot, message: WorkerToMain): void {
    const { store, events } = this.options;
    switch (message.type) {
      case 'backend': {
        if (slot.runId !== null) store.runs.markStarted(slot.runId, message.report.name);
        events.emit({ type: 'backend.loaded', report: message.report });
        this.onBackend?.(message.report);
        return;
      }
      case 'progress':
        events.emit({ type: 'run.progress', runId: message.runId, progress: message.progress });
        return;
      case 'epoch':
        store.results.transaction(() => {
          store.results.addEpoch(message.runId, message.metrics);
          store.results.addCheckpoint({ runId: message.runId, ...message.checkpoint });
          store.runs.setEpochsDone(message.runId, message.metrics.epoch);
        });
        events.emit({ type: 'run.epoch', runId: message.runId, metrics: message.metrics });
        return;
      case 'evaluation':
        store.results.addEvaluation(
          message.runId,
          message.missingRate,
          message.evaluation,
          message.mistakes,
        );
        events.emit({
          type: 'run.evaluation',
          runId: message.runId,
          evaluation: message.evaluation,
        });
        return;
      case 'efficiency':
        store.results.setEfficiency(message.runId, message.efficiency);
        return;
      case 'attention':
        store.results.saveAttention(message.runId, message.snapshot);
        return;
      case 'finished':
      case 'failed': {
        const status = message.type === 'failed' ? 'failed' : message.outcome;
        this.finish(message.runId, status, message.type === 'failed' ? message.message : null);
        slot.runId = null;
        slot.control = null;
        this.pump();
        return;
      }
    }
  }

  private finish(runId: number, status: RunStatus, error: string | null): void {
    const { runs } = this.options.store;
    if (status === 'done' || status === 'failed' || status === 'cancelled')
      runs.markFinished(runId, status, error);
    else runs.setStatus(runId, status, error);
    this.options.events.emit({ type: 'run.status', runId, status, error });
  }

  private setStatus(runId: number, status: RunStatus, error: string | null): void {
    this.options.store.runs.setStatus(runId, status, error);
    this.options.events.emit({ type: 'run.status', runId, status, error });
  }

  private log(level: 'info' | 'warn' | 'error', message: string): void {
    this.options.events.emit({ type: 'log', level, message, at: new Date().toISOString() });
  }
}
