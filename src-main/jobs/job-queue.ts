import { join } from 'node:path';
import type { AveragedAttention } from '@shared/domain/attention-average';
import type { BackendReport } from '@shared/domain/backend';
import type { Case } from '@shared/domain/cases';
import type { Prompting } from '@shared/domain/methods';
import type { RunRecord, RunStatus } from '@shared/domain/records';
import { conflict, internal, unavailable } from '../errors';
import type { DataLayout } from '../home';
import type { Store } from '../store';
import { concatReadiness } from './concat-tasks';
import { concatEvaluations } from './evaluation-plan';
import type { EventHub } from './event-hub';
import { removeCheckpointTemporaries, removeLeftovers } from './leftovers';
import { settleGrid } from './lr-grid';
import { CONTROL_CANCEL, CONTROL_CONTINUE, CONTROL_PAUSE, type WorkerToMain } from './protocol';
import { type QueueActivity, removeQueueActivity, writeQueueActivity } from './queue-activity';
import { type QueueLock, soleQueue } from './queue-lock';
import { QueueOwnership } from './queue-ownership';
import { recordReport } from './record-report';
import type { RemoteRunMessage, RunDispatcher } from './run-dispatcher';
import { storeFailureMessage } from './store-failure';
import { TaskBook } from './task-book';
import {
  type AttentionAverageWanted,
  attentionAverageTask,
  attentionTask,
  type EvaluationWanted,
  evaluationTask,
  type TaskRequest,
} from './task-requests';
import { trainJobFor } from './train-job-for';
import type { WorkerEntry } from './worker-entry';
import { type Busy, type Slot, WorkerPool } from './worker-pool';

/** How often a started queue looks for runs another process queued for it. */
const POLL_MS = 2000;

export interface JobQueueOptions {
  store: Store;
  layout: DataLayout;
  events: EventHub;
  /** Workers used at once; read again whenever one frees up. */
  concurrency: () => number;
  /** The worker script; tests swap in a scripted one. */
  workerEntry?: WorkerEntry;
  /**
   * Who may train from this data directory (see queue-lock.ts); claimed when work is asked for.
   * Without one this queue is the only one (tests).
   */
  lock?: QueueLock;
  /** This process in words for the lock's activity record ("avlab serve"); none: not recorded. */
  holder?: string;
}

/**
 * The scheduler of training: decides what runs next — short evaluation or attention tasks first,
 * then queued runs whose backbone is ready — hands it to the worker pool, and writes everything
 * the workers report to SQLite, in transactions, before fanning it out as events. Run statuses
 * change here and nowhere else in the main process.
 */
export class JobQueue {
  private readonly pool: WorkerPool;
  private readonly tasks = new TaskBook();
  private readonly idleWaiters: (() => void)[] = [];
  /** Runs and tasks whose reports could not be stored: they end failed, for this reason. */
  private readonly writeFailures = {
    runs: new Map<number, string>(),
    tasks: new Map<number, string>(),
  };
  private readonly ownership: QueueOwnership;
  /** Queued runs are trained only once start() is called; tasks run whenever this process owns the queue. */
  private started = false;
  private closed = false;
  /** The last activity recorded beside the lock, to write it again only when it changes. */
  private recorded = '';
  /** Looks for runs other processes queued (runs.create without the queue); see start(). */
  private poll: NodeJS.Timeout | null = null;
  /**
   * Trains runs on other machines instead of this process's workers (src-main/distributed);
   * evaluation tasks stay local. Null: everything trains here, the default.
   */
  private dispatcher: RunDispatcher | null = null;
  /** Set by the API runtime to learn which backend the worker loaded. */
  onBackend: ((report: BackendReport) => void) | null = null;

  constructor(private readonly options: JobQueueOptions) {
    this.ownership = new QueueOwnership(options.lock ?? soleQueue(), options.layout.root, () =>
      this.takeOver(),
    );
    this.pool = new WorkerPool({
      workerEntry: options.workerEntry,
      onMessage: (slot, message) => this.guarded(slot, () => this.onMessage(slot, message)),
      onDeath: (busy, reason) => this.guarded(null, () => this.onWorkerDeath(busy, reason)),
    });
  }

  /** Throws a conflict naming the process that trains from this data directory, when not this one. */
  mustOwn(): void {
    this.ownership.mustOwn();
  }

  /**
   * A run as a reader should see it: one stored `running` that no live process trains was cut off
   * (its process was killed). It reads as interrupted; only the next owner of the queue stores
   * that, since a process that only reads changes no run.
   */
  asSeen(run: RunRecord): RunRecord {
    if (run.status !== 'running' || this.ownership.anyoneTrains()) return run;
    return { ...run, status: 'interrupted' };
  }

  /**
   * Trains queued runs from now on (the app, `serve`, and CLI commands that wait for their runs;
   * never a command that only reads). When another process owns the queue, this one takes over as
   * soon as that one stops.
   */
  start(): void {
    this.started = true;
    this.ownership.whenOwned(() => this.pump());
    // Another process may queue runs for this one (`avlab train --detach` while it holds the
    // queue): it cannot signal across processes, so the queue looks for them now and then.
    this.poll ??= setInterval(() => this.pump(), POLL_MS);
    this.poll.unref();
  }

  /**
   * Null when this process owns the queue (claiming it if it is free); otherwise the pid of the
   * process that holds it and what that one recorded it is doing.
   */
  otherHolder() {
    return this.ownership.otherHolder();
  }

  /** Taking the queue over: runs its last owner left running were cut off; so were its writes. */
  private takeOver(): void {
    const interrupted = this.markInterruptedExceptRemote();
    if (interrupted > 0) {
      this.log(
        'warn',
        `${interrupted} run(s) were cut off when the app last stopped: resume them from Runs.`,
      );
    }
    const removed = removeLeftovers(this.options.layout);
    if (removed.length > 0)
      this.log('info', `removed ${removed.length} half-written file(s) of stopped processes`);
  }

  /** Starts whatever can start; call after queueing runs. */
  pump(): void {
    if (this.closed || !this.ownership.isOwner) return;
    while (this.tasks.hasWaiting && this.hasRoom()) {
      const task = this.tasks.start();
      this.pool.assign({ kind: 'task', taskId: task.taskId }, { type: 'task', task });
    }
    const { runs } = this.options.store;
    const { dispatcher } = this;
    for (const run of this.started ? backbonesFirst(runs.queued()) : []) {
      // Dispatched runs wait in Redis, not in this process's workers: no room to count.
      if (!dispatcher && !this.hasRoom()) break;
      const blocker = this.blocker(run);
      if (blocker === 'wait') continue;
      if (blocker) this.finish(run.id, 'failed', blocker);
      else if (dispatcher) dispatcher.dispatch(run);
      else this.launch(run);
    }
    if (
      this.pool.busyCount === 0 &&
      (dispatcher?.inFlight ?? 0) === 0 &&
      !this.tasks.hasWaiting &&
      (!this.started || runs.queued().every((r) => this.blocker(r) === 'wait'))
    ) {
      for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
    this.recordActivity();
  }

  /** Writes beside the lock what this holder is doing, when that changed (queue-activity.ts). */
  private recordActivity(): void {
    const { holder, store } = this.options;
    if (!holder || !this.options.lock) return;
    const activity: Omit<QueueActivity, 'since'> = {
      pid: process.pid,
      holder,
      trainsQueued: this.started,
      runs: this.pool.busyRunIds.map((id) => {
        const run = store.runs.get(id);
        return { id, label: run ? `${run.method}/${run.case}` : 'unknown' };
      }),
      tasks: this.tasks.count,
    };
    const text = JSON.stringify(activity);
    if (text === this.recorded) return;
    this.recorded = text;
    writeQueueActivity(this.options.layout.root, { ...activity, since: new Date().toISOString() });
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
    if (this.dispatcher?.cancel(runId)) return true;
    const control = this.pool.runControl(runId);
    if (control) {
      Atomics.store(control, 0, CONTROL_CANCEL);
      return true;
    }
    if (run.status === 'queued' || run.status === 'paused' || run.status === 'interrupted') {
      this.finish(runId, 'cancelled', null);
      this.pump();
      return true;
    }
    return false;
  }

  /** Pauses at the next epoch end (after its checkpoint); the run frees its worker. */
  pause(runId: number): boolean {
    if (this.dispatcher?.has(runId))
      throw conflict(`Run ${runId} trains on a remote worker: it can be cancelled, not paused.`);
    const control = this.pool.runControl(runId);
    if (!control) return false;
    Atomics.store(control, 0, CONTROL_PAUSE);
    return true;
  }

  /** Queues a paused, interrupted, failed or cancelled run again, from its last checkpoint. */
  resume(runId: number): boolean {
    const run = this.options.store.runs.get(runId);
    if (!run || !['paused', 'interrupted', 'failed', 'cancelled'].includes(run.status))
      return false;
    const { results, runs } = this.options.store;
    const checkpoint = results.latestCheckpoint(runId);
    results.transaction(() => {
      results.dropEpochsAfter(runId, checkpoint?.epoch ?? 0);
      runs.setEpochsDone(runId, checkpoint?.epoch ?? 0);
      runs.setStatus(runId, 'queued', null);
    });
    this.options.events.emit({ type: 'run.status', runId, status: 'queued', error: null });
    this.pump();
    return true;
  }

  /**
   * Evaluates a finished run on one case; resolves once the evaluation is stored (concat-based:
   * on the family member task-requests.ts names). A request the run cannot serve throws an
   * invalid-request ApiError naming the field.
   */
  evaluate(run: RunRecord, wanted: EvaluationWanted): Promise<void> {
    return this.enqueueTask(evaluationTask(this.options.store, run, wanted)).then(() => {});
  }

  /** Captures cross-attention of one sample; resolves once the snapshot is stored. */
  captureAttention(
    run: RunRecord,
    wanted: { case: Case; prompting: Prompting; sampleIndex: number },
  ): Promise<void> {
    return this.enqueueTask(attentionTask(this.options.store, run, wanted)).then(() => {});
  }

  /** Averages cross-attention over samples in a worker; resolves with the average (not stored). */
  async averageAttention(
    run: RunRecord,
    wanted: AttentionAverageWanted,
  ): Promise<
    Pick<AveragedAttention, 'samples' | 'audioGrid' | 'visualGrid' | 'maps' | 'promptShare'>
  > {
    const answer = await this.enqueueTask(attentionAverageTask(this.options.store, run, wanted));
    if (!answer)
      throw internal(`the attention average of run ${run.id} finished without an answer`);
    return answer as Awaited<ReturnType<JobQueue['averageAttention']>>;
  }

  /** From now on runs train through `dispatcher`; set before start(), since a takeover asks it. */
  setDispatcher(dispatcher: RunDispatcher): void {
    this.dispatcher = dispatcher;
  }

  /** A remote worker started a dispatched run (distributed/coordinator.ts). */
  remoteStarted(runId: number): void {
    this.options.store.runs.setStatus(runId, 'running', null);
    this.options.events.emit({ type: 'run.status', runId, status: 'running', error: null });
  }

  /**
   * What a remote worker reported of a dispatched run, stored exactly as a local worker's report
   * (every write is keyed by run and epoch / case / step, so a retried run rewrites, never adds,
   * rows). Throws when the store refuses a write, so that the worker sends it again.
   */
  applyRemote(message: RemoteRunMessage): void {
    const { store, events } = this.options;
    switch (message.type) {
      case 'backend':
        store.runs.markStarted(message.runId, message.report);
        events.emit({ type: 'backend.loaded', report: message.report });
        return;
      case 'finished':
      case 'failed': {
        const status = message.type === 'failed' ? 'failed' : message.outcome;
        this.finish(message.runId, status, message.type === 'failed' ? message.message : null);
        if (status === 'done') this.afterDone(message.runId);
        this.pump();
        return;
      }
      default:
        recordReport(store, events, message);
    }
  }

  /** A dispatched run that will not come back (its job failed in the queue, or vanished). */
  remoteEnded(runId: number, status: 'failed' | 'interrupted', reason: string): void {
    this.finish(runId, status, reason);
    this.pump();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.poll) clearInterval(this.poll);
    if (this.recorded) removeQueueActivity(this.options.layout.root);
    this.ownership.close();
    this.tasks.rejectAll(unavailable('the app is closing'));
    await this.pool.close();
  }

  /** A task is refused, never left waiting, when this process cannot run it. */
  private enqueueTask(request: TaskRequest): Promise<unknown> {
    if (this.closed) return Promise.reject(unavailable('the app is closing'));
    this.mustOwn();
    const done = this.tasks.add(request, {
      dataDir: this.options.layout.root,
      backendOverride: this.options.store.settings.get().backendOverride,
    });
    this.pump();
    return done;
  }

  private hasRoom(): boolean {
    return this.pool.busyCount < Math.max(1, this.options.concurrency());
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
    const control = new Int32Array(new SharedArrayBuffer(4));
    Atomics.store(control, 0, CONTROL_CONTINUE);
    const job = trainJobFor(run, store, layout, this.options.concurrency(), control);
    store.runs.setStatus(run.id, 'running', null);
    this.options.events.emit({ type: 'run.status', runId: run.id, status: 'running', error: null });
    this.pool.assign({ kind: 'run', runId: run.id, control }, { type: 'train', job });
  }

  private onWorkerDeath(busy: Busy | null, reason: string): void {
    // Completed epochs and their checkpoints are stored: the run can resume from them.
    if (busy?.kind === 'run') this.finish(busy.runId, 'interrupted', reason);
    if (busy?.kind === 'task') this.tasks.settle(busy.taskId, internal(reason));
    this.pump();
  }

  private onMessage(slot: Slot, message: WorkerToMain): void {
    const { store, events } = this.options;
    switch (message.type) {
      case 'backend':
        if (slot.busy?.kind === 'run') store.runs.markStarted(slot.busy.runId, message.report);
        events.emit({ type: 'backend.loaded', report: message.report });
        this.onBackend?.(message.report);
        return;
      case 'progress':
      case 'epoch':
      case 'evaluation':
      case 'efficiency':
      case 'attention':
        recordReport(store, events, message);
        return;
      case 'attention-average':
        this.tasks.answer(message.taskId, message.result);
        return;
      case 'finished':
      case 'failed': {
        this.pool.release(slot);
        const writeFailure = this.writeFailures.runs.get(message.runId);
        this.writeFailures.runs.delete(message.runId);
        const status = writeFailure || message.type === 'failed' ? 'failed' : message.outcome;
        const error = writeFailure ?? (message.type === 'failed' ? message.message : null);
        this.finish(message.runId, status, error);
        if (status === 'done') this.afterDone(message.runId);
        this.pump();
        return;
      }
      case 'task-done':
      case 'task-failed': {
        this.pool.release(slot);
        const writeFailure = this.writeFailures.tasks.get(message.taskId);
        this.writeFailures.tasks.delete(message.taskId);
        const failure = writeFailure ?? (message.type === 'task-failed' ? message.message : null);
        this.tasks.settle(message.taskId, failure === null ? null : internal(failure));
        this.pump();
        return;
      }
    }
  }

  /**
   * Worker events arrive outside any caller: an error thrown here would end the process (and a
   * server with it). The one expected is a failed write (a full disk): the job the worker is on
   * cannot keep its results, so it is stopped and ends failed, naming the database file.
   */
  private guarded(slot: Slot | null, handle: () => void): void {
    try {
      handle();
    } catch (error) {
      const reason = storeFailureMessage(error, this.options.store.db.name);
      const busy = slot?.busy;
      if (busy?.kind === 'run') {
        if (this.writeFailures.runs.has(busy.runId)) return;
        this.writeFailures.runs.set(busy.runId, reason);
        Atomics.store(busy.control, 0, CONTROL_CANCEL);
      }
      if (busy?.kind === 'task') {
        if (this.writeFailures.tasks.has(busy.taskId)) return;
        this.writeFailures.tasks.set(busy.taskId, reason);
      }
      this.log('error', reason);
    }
  }

  /**
   * A finished grid point may decide its learning-rate grid; a finished PL run (or a decided PL
   * grid) may complete its family, which is then evaluated concat-based once per case.
   */
  private afterDone(runId: number): void {
    const { store } = this.options;
    let run = store.runs.get(runId);
    if (run?.config.lrGrid) run = settleGrid(store, run);
    if (!run) return;
    const wanted = concatEvaluations(run.config);
    if (wanted.length === 0 || !concatReadiness(store, run).ready) return;
    for (const e of wanted) {
      this.evaluate(run, { ...e, prompting: 'concat' }).catch((error) =>
        this.log(
          'error',
          `concat evaluation of run ${run.id}'s family on ${e.case} failed: ${(error as Error).message}`,
        ),
      );
    }
  }

  /**
   * Stores a run's new status and announces it. When even that write fails, the run is announced
   * failed (so that no one waits for it) and stays `running` in the database, which the next
   * start marks interrupted.
   */
  private finish(runId: number, status: RunStatus, error: string | null): void {
    const { runs, db } = this.options.store;
    try {
      if (status === 'done' || status === 'failed' || status === 'cancelled')
        runs.markFinished(runId, status, error);
      else runs.setStatus(runId, status, error);
    } catch (writeError) {
      const reason = storeFailureMessage(writeError, db.name);
      this.log('error', reason);
      this.options.events.emit({ type: 'run.status', runId, status: 'failed', error: reason });
      return;
    }
    this.options.events.emit({ type: 'run.status', runId, status, error });
    // A checkpoint cut off mid-write (a full disk, a crash) is never resumed from: drop it.
    if (status === 'failed' || status === 'interrupted' || status === 'cancelled')
      removeCheckpointTemporaries(join(this.options.layout.checkpoints, `run-${runId}`));
  }

  /**
   * At takeover, runs the last owner left running were cut off — except those a dispatcher
   * still has in its queue: they train on other machines, whatever happened to this process.
   */
  private markInterruptedExceptRemote(): number {
    const { runs } = this.options.store;
    const remote = this.dispatcher?.adoptedRunIds() ?? [];
    if (remote.length === 0) return runs.markInterrupted();
    return runs.transaction(() => {
      const stillRunning = remote.filter((id) => runs.get(id)?.status === 'running');
      const marked = runs.markInterrupted();
      for (const id of stillRunning) runs.setStatus(id, 'running', null);
      return marked - stillRunning.length;
    });
  }

  private log(level: 'info' | 'warn' | 'error', message: string): void {
    this.options.events.emit({ type: 'log', level, message, at: new Date().toISOString() });
  }
}

/**
 * Queued runs in creation order, except that runs adapting no backbone go first: in a sweep a
 * backbone is what later runs wait on, so starting it early keeps every slot busy until the
 * end (the distributed dispatcher gives backbones a higher priority for the same reason).
 */
export function backbonesFirst(queued: RunRecord[]): RunRecord[] {
  return [
    ...queued.filter((r) => r.parentRunId === null),
    ...queued.filter((r) => r.parentRunId !== null),
  ];
}
