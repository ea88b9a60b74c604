import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { RemoteReport, RemoteTrainJob, RemoteWorker } from '@shared/domain/distributed';
import type { RunRecord } from '@shared/domain/records';
import { type Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { backbonePath } from '../data/backbone-library';
import type { DataLayout } from '../home';
import type { EventHub } from '../jobs/event-hub';
import type { JobQueue } from '../jobs/job-queue';
import type { RunDispatcher } from '../jobs/run-dispatcher';
import { startingCheckpoints } from '../jobs/train-job-for';
import { epochCheckpointPath } from '../jobs/worker/train-job';
import type { Store } from '../store';
import { ArtifactIndex, sha256File } from './artifact-index';
import {
  bullConnection,
  closeRedis,
  connectRedis,
  KEY_PREFIX,
  openRunQueue,
  RUN_QUEUE,
} from './bull-queue';
import { redactRedisUrl } from './redis-url';
import { liveWorkers } from './worker-registry';

/** A run's job: retried twice (three attempts), each retry from the last uploaded checkpoint. */
export const RUN_ATTEMPTS = 3;
const LIVE_STATES = new Set(['waiting', 'active', 'delayed', 'prioritized', 'paused']);
export const COORDINATOR_KEY = 'avlab:coordinator';
const LEASE_KEY = (runId: number) => `avlab:lease:${runId}`;
export const CANCEL_KEY = (runId: number) => `avlab:cancel:${runId}`;

/** A refusal the HTTP layer turns into a status code. */
export class CoordinatorError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

export interface CoordinatorOptions {
  queueUrl: string;
  store: Store;
  layout: DataLayout;
  events: EventHub;
  /** The URL workers reach this coordinator's HTTP API at (coordinator-server.ts). */
  apiUrl: string;
}

/**
 * The workbench side of a distributed sweep: it queues runs in BullMQ when the job queue says
 * they may start (an adapted run once its backbone is done — BullMQ flows cannot express it: a
 * job has one parent, and here many runs wait on one), hands each worker that starts one what it
 * needs, and stores what workers report through the job queue, as if a local worker had
 * reported it. It never writes a result of its own: the store has one writer.
 */
export class Coordinator implements RunDispatcher {
  private queue: Queue | null = null;
  private queueEvents: QueueEvents | null = null;
  private redis: Redis | null = null;
  private jobs: JobQueue | null = null;
  private readonly dispatched = new Set<number>();
  private adopted: number[] = [];
  private readonly leases = new Map<number, string>();
  readonly artifacts: ArtifactIndex;

  constructor(private readonly options: CoordinatorOptions) {
    this.artifacts = new ArtifactIndex(options.layout);
  }

  get queueLabel(): string {
    return redactRedisUrl(this.options.queueUrl);
  }

  /**
   * Reaches Redis (a clear error when it cannot), and learns which runs its queue still holds:
   * after a restart they are adopted, not marked interrupted. Call before the job queue starts.
   */
  async connect(): Promise<void> {
    this.redis = await connectRedis(this.options.queueUrl);
    await this.redis.set(COORDINATOR_KEY, this.options.apiUrl);
    this.queue = openRunQueue(this.options.queueUrl);
    this.queue.on('error', (error) => this.log('warn', `queue: ${error.message}`));
    const live = await this.queue.getJobs([...LIVE_STATES] as never);
    // A job whose run already ended here (its last report arrived just before a stop) is left
    // to its worker, who will be told there is nothing to train.
    this.adopted = live
      .map((job) => Number(job.data?.runId))
      .filter((id) => Number.isInteger(id) && !this.hasEnded(id));
    for (const id of this.adopted) this.dispatched.add(id);
    // A job can end without its worker telling: it stalled (its worker died) once too often.
    this.queueEvents = new QueueEvents(RUN_QUEUE, {
      connection: bullConnection(this.options.queueUrl),
      prefix: KEY_PREFIX,
    });
    this.queueEvents.on('error', () => {});
    // A job completes after its run's last report, or when its run had already ended.
    this.queueEvents.on('completed', ({ jobId }) => {
      const runId = Number(/^run-(\d+)$/.exec(jobId)?.[1]);
      if (this.dispatched.delete(runId)) this.jobs?.pump();
    });
    this.queueEvents.on('failed', ({ jobId, failedReason }) => {
      this.onJobFailed(jobId, failedReason).catch((error: Error) =>
        this.log('error', `job ${jobId}: ${error.message}`),
      );
    });
  }

  /** The job queue whose runs this coordinator trains elsewhere (set once, after both exist). */
  attach(jobs: JobQueue): void {
    this.jobs = jobs;
  }

  get inFlight(): number {
    return this.dispatched.size;
  }

  has(runId: number): boolean {
    return this.dispatched.has(runId);
  }

  adoptedRunIds(): number[] {
    return [...this.adopted];
  }

  dispatch(run: RunRecord): void {
    if (this.dispatched.has(run.id) || !this.queue) return;
    this.dispatched.add(run.id);
    this.queue
      .add(
        'run',
        { runId: run.id, coordinator: this.options.apiUrl },
        {
          // One job per run: queueing it again while it waits (a restart) is a no-op in BullMQ.
          jobId: `run-${run.id}`,
          attempts: RUN_ATTEMPTS,
          backoff: { type: 'fixed', delay: 1000 },
          // Backbones first: each one finished lets its adapted runs start.
          priority: run.parentRunId === null ? 1 : 2,
          removeOnComplete: true,
          removeOnFail: true,
        },
      )
      .catch((error: Error) => {
        this.dispatched.delete(run.id);
        this.log(
          'error',
          `run ${run.id} could not be queued at ${this.queueLabel}: ${error.message}`,
        );
      });
  }

  cancel(runId: number): boolean {
    if (!this.dispatched.has(runId) || !this.queue) return false;
    void (async () => {
      const job = await this.queue!.getJob(`run-${runId}`);
      const state = job ? await job.getState() : 'unknown';
      if (job && state !== 'active') {
        await job.remove();
        this.dispatched.delete(runId);
        this.jobs?.applyRemote({ type: 'finished', runId, outcome: 'cancelled' });
      } else {
        // Its worker reads this between steps and stops, as a local run does.
        await this.redis?.set(CANCEL_KEY(runId), '1', 'EX', 24 * 3600);
      }
    })().catch((error: Error) => this.log('error', `cancelling run ${runId}: ${error.message}`));
    return true;
  }

  /**
   * A worker starts a run: a new lease (reports under an older one are refused), the run's
   * stored epochs cut back to its last checkpoint (a retry resumes there), and the artifacts.
   */
  async startRun(runId: number): Promise<RemoteTrainJob> {
    const { store, layout } = this.options;
    const run = store.runs.get(runId);
    if (!run) throw new CoordinatorError(404, `run ${runId} does not exist on this coordinator`);
    if (this.hasEnded(runId)) {
      this.dispatched.delete(runId);
      throw new CoordinatorError(409, `run ${runId} is ${run.status}: nothing to train`);
    }
    const { parent, parentCheckpoint, resumeCheckpoint: resume } = startingCheckpoints(run, store);
    if (parent && !parentCheckpoint)
      throw new CoordinatorError(
        409,
        `run ${runId}: its backbone run ${parent.id} has no checkpoint`,
      );
    const lease = randomBytes(12).toString('hex');
    this.leases.set(runId, lease);
    await this.redis?.set(LEASE_KEY(runId), lease);
    await this.redis?.del(CANCEL_KEY(runId));
    const job: RemoteTrainJob = {
      lease,
      runId,
      datasetId: run.datasetId,
      config: run.config,
      dataset: await this.artifacts.datasetBundle(run.datasetId),
      parentCheckpoint: parentCheckpoint
        ? await this.artifacts.register(parentCheckpoint.path)
        : null,
      resumeCheckpoint: resume
        ? { ...(await this.artifacts.register(resume.path)), epoch: resume.epoch }
        : null,
      pretrained: run.config.pretrained
        ? await this.artifacts.register(backbonePath(layout, run.config.pretrained.id))
        : null,
    };
    const resumeEpoch = resume?.epoch ?? 0;
    store.results.transaction(() => {
      store.results.dropEpochsAfter(runId, resumeEpoch);
      store.runs.setEpochsDone(runId, resumeEpoch);
    });
    this.dispatched.add(runId);
    this.jobs?.remoteStarted(runId);
    return job;
  }

  /** A checkpoint upload: written beside the run's local ones only if its bytes match the hash. */
  async receiveCheckpoint(
    runId: number,
    epoch: number,
    lease: string,
    sha256: string,
    body: Readable,
  ): Promise<void> {
    await this.mustHoldLease(runId, lease);
    const dir = join(this.options.layout.checkpoints, `run-${runId}`);
    mkdirSync(dir, { recursive: true });
    const target = epochCheckpointPath(dir, epoch);
    const temporary = `${target}.tmp-${process.pid}`;
    try {
      await pipeline(body, createWriteStream(temporary));
      const actual = await sha256File(temporary);
      if (actual !== sha256) {
        throw new CoordinatorError(
          400,
          `checkpoint of run ${runId} epoch ${epoch} arrived with sha256 ${actual}, not ${sha256}: refused`,
        );
      }
      renameSync(temporary, target);
    } finally {
      rmSync(temporary, { force: true });
    }
  }

  /** Stores a worker's reports in order; an epoch's checkpoint must have arrived before it. */
  async applyReports(runId: number, lease: string, reports: RemoteReport[]): Promise<void> {
    await this.mustHoldLease(runId, lease);
    const jobs = this.jobs;
    if (!jobs) throw new Error('the coordinator is not attached to a job queue');
    for (const report of reports) {
      if (report.type === 'epoch') {
        const dir = join(this.options.layout.checkpoints, `run-${runId}`);
        const path = epochCheckpointPath(dir, report.checkpoint.epoch);
        if (!existsSync(path) || statSync(path).size !== report.checkpoint.bytes)
          throw new CoordinatorError(
            409,
            `run ${runId} epoch ${report.metrics.epoch}: checkpoint not uploaded`,
          );
        jobs.applyRemote({ ...report, runId, checkpoint: { ...report.checkpoint, path } });
        continue;
      }
      if (report.type === 'finished' || report.type === 'failed') this.dispatched.delete(runId);
      jobs.applyRemote({ ...report, runId });
    }
  }

  async workers(): Promise<RemoteWorker[]> {
    return this.redis ? liveWorkers(this.redis) : [];
  }

  async close(): Promise<void> {
    await Promise.allSettled([
      this.queueEvents?.close(),
      this.queue?.close(),
      this.redis && closeRedis(this.redis),
    ]);
  }

  private hasEnded(runId: number): boolean {
    const status = this.options.store.runs.get(runId)?.status;
    return status === 'done' || status === 'failed' || status === 'cancelled';
  }

  private async mustHoldLease(runId: number, lease: string): Promise<void> {
    let current = this.leases.get(runId);
    if (current === undefined && this.redis) {
      current = (await this.redis.get(LEASE_KEY(runId))) ?? undefined;
      if (current !== undefined) this.leases.set(runId, current);
    }
    if (current !== lease)
      throw new CoordinatorError(409, `run ${runId} was given to another worker (stale lease)`);
  }

  private async onJobFailed(jobId: string, reason: string): Promise<void> {
    const runId = Number(/^run-(\d+)$/.exec(jobId)?.[1]);
    if (!Number.isInteger(runId) || !this.dispatched.has(runId)) return;
    // An attempt that failed with attempts left is retried: the job is still there, waiting.
    const job = await this.queue?.getJob(jobId);
    if (job && LIVE_STATES.has(await job.getState())) return;
    if (!this.dispatched.has(runId)) return;
    const run = this.options.store.runs.get(runId);
    this.dispatched.delete(runId);
    if (!run || ['done', 'failed', 'cancelled'].includes(run.status)) return;
    this.jobs?.remoteEnded(runId, 'failed', `failed ${RUN_ATTEMPTS} times on workers: ${reason}`);
  }

  private log(level: 'info' | 'warn' | 'error', message: string): void {
    this.options.events.emit({ type: 'log', level, message, at: new Date().toISOString() });
  }
}
