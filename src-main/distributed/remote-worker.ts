import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { cpus, hostname, totalmem } from 'node:os';
import { join } from 'node:path';
import type { BackendName } from '@shared/domain/backend';
import {
  type RemoteReport,
  RemoteRunJobSchema,
  type RemoteTrainJob,
  type RemoteWorker,
} from '@shared/domain/distributed';
import { type Job, Worker } from 'bullmq';
import { installedBackends } from '../engine/backend-packages';
import { type DataLayout, dataLayout } from '../home';
import { coresPerRun } from '../jobs/cores';
import {
  CONTROL_CANCEL,
  CONTROL_CONTINUE,
  type TrainJob,
  type WorkerToMain,
} from '../jobs/protocol';
import type { WorkerEntry } from '../jobs/worker-entry';
import { type Slot, WorkerPool } from '../jobs/worker-pool';
import { ArtifactCache } from './artifact-transfer';
import { bullConnection, closeRedis, connectRedis, KEY_PREFIX, RUN_QUEUE } from './bull-queue';
import { CANCEL_KEY, COORDINATOR_KEY, RUN_ATTEMPTS } from './coordinator';
import { CoordinatorClient, CoordinatorRefusal } from './coordinator-client';
import { redactRedisUrl } from './redis-url';
import { ReportSender } from './report-sender';
import { announceWorker, HEARTBEAT_MS, withdrawWorker } from './worker-registry';

export interface RemoteWorkerOptions {
  queueUrl: string;
  /** The coordinator's worker token. */
  token: string;
  /** This worker's own data directory: artifact cache, datasets, checkpoints before upload. */
  home: string;
  /** Runs trained at once. */
  concurrency: number;
  backendOverride: BackendName | null;
  /** Cores split among the runs trained at once; null: AVLAB_CORES, else every core. */
  cores: number | null;
  /** A mount of the coordinator's data directory, tried before fetching over HTTP. */
  shared: string | null;
  /** Lock time of a job: a worker silent this long is taken as dead, its job retried. */
  lockMs: number;
  /** Tests swap in a scripted training worker. */
  workerEntry?: WorkerEntry;
  log: (line: string) => void;
}

export interface RunningWorker {
  id: string;
  cache: ArtifactCache;
  close(): Promise<void>;
}

interface ActiveRun {
  control: Int32Array;
  onMessage(message: WorkerToMain): void;
  onDeath(reason: string): void;
}

/**
 * `avlab worker`: takes run jobs from the queue (BullMQ), fetches what each needs from the
 * coordinator, trains it in the same worker thread and task function a local run uses
 * (jobs/worker.ts → runTrainJob), uploads each epoch's checkpoint and sends every report back.
 * Training runs in threads so that this event loop stays free to renew BullMQ's job locks: a
 * worker that stops renewing them (killed, frozen, unplugged) has its job retried elsewhere.
 */
export async function startRemoteWorker(options: RemoteWorkerOptions): Promise<RunningWorker> {
  const redis = await connectRedis(
    options.queueUrl,
    5000,
    'Start Redis (or Valkey) there, or check --queue.',
  );
  const layout = dataLayout(options.home);
  const cache = new ArtifactCache(join(layout.cache, 'artifacts'), options.shared);
  const id = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const coordinator = (fallback: string) =>
    new CoordinatorClient({
      url: async () => (await redis.get(COORDINATOR_KEY).catch(() => null)) ?? fallback,
      token: options.token,
    });
  const active = new Map<number, ActiveRun>();
  const pool = new WorkerPool({
    workerEntry: options.workerEntry,
    onMessage: (slot: Slot, message) => {
      const runId = slot.busy?.kind === 'run' ? slot.busy.runId : null;
      if (runId === null) return;
      if (message.type === 'finished' || message.type === 'failed') pool.release(slot);
      active.get(runId)?.onMessage(message);
    },
    onDeath: (busy, reason) => {
      if (busy?.kind === 'run') active.get(busy.runId)?.onDeath(reason);
    },
  });
  const startedAt = new Date().toISOString();
  let backend: BackendName | null = options.backendOverride ?? installedBackends()[0] ?? null;
  const heartbeat = async () => {
    const me: RemoteWorker = {
      id,
      host: hostname(),
      pid: process.pid,
      backend,
      cores: options.cores ?? cpus().length,
      memoryBytes: totalmem(),
      concurrency: options.concurrency,
      running: [...active.keys()],
      startedAt,
      seenAt: new Date().toISOString(),
    };
    await announceWorker(redis, me).catch(() => {});
    // A coordinator cancels an active run through Redis; the thread stops between two steps.
    for (const [runId, run] of active) {
      const flag = await redis.get(CANCEL_KEY(runId)).catch(() => null);
      if (flag) Atomics.store(run.control, 0, CONTROL_CANCEL);
    }
  };
  await heartbeat();
  const beat = setInterval(() => void heartbeat(), Math.min(HEARTBEAT_MS, 2000));

  const processJob = async (job: Job): Promise<void> => {
    const data = RemoteRunJobSchema.parse(job.data);
    const client = coordinator(data.coordinator);
    let remote: RemoteTrainJob;
    try {
      remote = await client.startRun(data.runId);
    } catch (error) {
      // Already done or cancelled there (a duplicate after a restart): nothing to train.
      if (error instanceof CoordinatorRefusal && error.status === 409) {
        options.log(`run ${data.runId}: ${error.message}`);
        return;
      }
      throw error;
    }
    const attempt = job.attemptsMade + 1;
    options.log(
      `run ${data.runId}: attempt ${attempt}/${RUN_ATTEMPTS}${remote.resumeCheckpoint ? `, from epoch ${remote.resumeCheckpoint.epoch}` : ''}`,
    );
    const trainJob = await prepare(remote, client, layout, cache, options);
    const sender = new ReportSender(client, remote.runId, remote.lease);
    const control = new Int32Array(trainJob.control);
    try {
      const outcome = await new Promise<'finished' | string>((resolve) => {
        active.set(remote.runId, {
          control,
          onMessage: (message) => {
            if (message.type === 'epoch') {
              sender.epoch(message.metrics, message.checkpoint);
            } else if (message.type === 'failed') {
              resolve(message.message);
            } else {
              const report = toReport(message);
              if (report) sender.send(report);
              if (message.type === 'backend') backend = message.report.name;
              if (message.type === 'finished') resolve('finished');
            }
          },
          onDeath: (reason) => resolve(reason),
        });
        pool.assign(
          { kind: 'run', runId: remote.runId, control },
          { type: 'train', job: trainJob },
        );
        // A report the coordinator refuses (another worker has the run now): stop training.
        sender.onRefused = () => Atomics.store(control, 0, CONTROL_CANCEL);
      });
      if (outcome !== 'finished') {
        // The last attempt tells the coordinator why; earlier ones are retried from the last
        // uploaded checkpoint, so the run stays running there.
        if (attempt >= RUN_ATTEMPTS) sender.send({ type: 'failed', message: outcome });
        await sender.flush();
        throw new Error(outcome);
      }
      await sender.flush();
    } finally {
      active.delete(remote.runId);
      rmSync(trainJob.checkpointDir, { recursive: true, force: true });
    }
  };

  const worker = new Worker(RUN_QUEUE, processJob, {
    connection: bullConnection(options.queueUrl),
    prefix: KEY_PREFIX,
    concurrency: options.concurrency,
    lockDuration: options.lockMs,
    stalledInterval: options.lockMs,
    // A stall (the worker died) is not an attempt in BullMQ; it gets as many chances.
    maxStalledCount: RUN_ATTEMPTS - 1,
    name: id,
  });
  worker.on('error', (error) => options.log(`queue: ${error.message}`));
  worker.on('failed', (job, error) =>
    options.log(`run ${job?.data?.runId}: attempt failed: ${error.message}`),
  );
  options.log(
    `worker ${id} on ${redactRedisUrl(options.queueUrl)}: ${options.concurrency} at once, backend ${backend ?? 'best available'}`,
  );
  return {
    id,
    cache,
    close: async () => {
      clearInterval(beat);
      await worker.close(true);
      await pool.close();
      await withdrawWorker(redis, id).catch(() => {});
      await closeRedis(redis);
    },
  };
}

/** The files a run needs, in this worker's data directory, and the job the thread trains. */
async function prepare(
  remote: RemoteTrainJob,
  client: CoordinatorClient,
  layout: DataLayout,
  cache: ArtifactCache,
  options: RemoteWorkerOptions,
): Promise<TrainJob> {
  const source = (sha256: string) => client.artifact(sha256);
  for (const file of remote.dataset)
    await cache.place(file, source, join(layout.root, ...file.path.split('/')), file.path);
  const parent = remote.parentCheckpoint ? await cache.get(remote.parentCheckpoint, source) : null;
  const resume = remote.resumeCheckpoint ? await cache.get(remote.resumeCheckpoint, source) : null;
  if (remote.pretrained && remote.config.pretrained) {
    const target = join(layout.backbones, `${remote.config.pretrained.id}.safetensors`);
    await cache.place(remote.pretrained, source, target);
  }
  const checkpointDir = join(layout.checkpoints, `run-${remote.runId}-${remote.lease}`);
  mkdirSync(checkpointDir, { recursive: true });
  const control = new Int32Array(new SharedArrayBuffer(4));
  Atomics.store(control, 0, CONTROL_CONTINUE);
  return {
    runId: remote.runId,
    datasetId: remote.datasetId,
    dataDir: layout.root,
    config: remote.config,
    parentCheckpoint: parent,
    resumeCheckpoint: resume,
    checkpointDir,
    backendOverride: options.backendOverride,
    cores: coresPerRun(options.cores, options.concurrency),
    control: control.buffer as SharedArrayBuffer,
  };
}

/** A thread's message as a report to the coordinator (epochs go through their upload first). */
function toReport(message: WorkerToMain): RemoteReport | null {
  switch (message.type) {
    case 'backend':
      return { type: 'backend', report: message.report };
    case 'progress':
      return { type: 'progress', progress: message.progress };
    case 'evaluation': {
      const { type, missingRate, split, adHoc, evaluation, mistakes } = message;
      return { type, missingRate, split, adHoc, evaluation, mistakes };
    }
    case 'efficiency':
      return { type: 'efficiency', efficiency: message.efficiency };
    case 'finished':
      return { type: 'finished', outcome: message.outcome };
    default:
      return null;
  }
}
