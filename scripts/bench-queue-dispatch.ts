// The dispatch part of `npm run bench:queue`: one experiment of 12 micro runs (3 seeds × a
// backbone and its PL, FT and LoRA runs) trained here with two runs at once on one core each,
// then through BullMQ on Redis by two `avlab worker` processes on one core each; and, from the
// Redis event stream, the time from a job's enqueue to a worker taking it. Needs redis-server.
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { QueueEvents } from 'bullmq';
import { dispatch } from '../src-main/api/dispatch';
import { type ApiRuntime, startApiRuntime } from '../src-main/api/runtime';
import { bullConnection, KEY_PREFIX, RUN_QUEUE } from '../src-main/distributed/bull-queue';
import { startCoordinator } from '../src-main/distributed/start-coordinator';
import { tempHome } from '../tests/helpers/temp-home';
import { redisServerBinary, startRedis } from '../tests/support/distributed/redis-server';
import { SWEEP_ENV, startWorker } from '../tests/support/distributed/sweep';

export interface DispatchBenchOptions {
  epochs: number;
  samplesPerClass: number;
}

async function call<T>(runtime: ApiRuntime, method: string, params: unknown): Promise<T> {
  const envelope = await dispatch(runtime.handlers, method, params);
  if (!envelope.ok) throw new Error(envelope.error.message);
  return envelope.result as T;
}

function scenario(datasetId: string, epochs: number) {
  const stage = { epochs, batchSize: 32, lr: 0.003, warmupEpochs: 0 };
  return {
    name: 'dispatch bench: 12 micro runs',
    datasetId,
    cases: ['noisy_audio'],
    methods: ['pl', 'ft', 'lora'],
    model: { preset: 'micro' },
    backbone: stage,
    training: { pl: stage, ft: stage, lora: stage },
    seeds: [0, 1, 2],
    evaluation: { cases: ['noisy_audio'], promptings: ['situation'] },
  };
}

/** Wall time of the experiment, from create to the last run stored. */
async function sweep(runtime: ApiRuntime, datasetId: string, epochs: number): Promise<number> {
  const started = performance.now();
  const created = await call<{ runs: unknown[] }>(runtime, 'experiments.create', {
    scenario: scenario(datasetId, epochs),
  });
  if (created.runs.length !== 12)
    throw new Error(`expected 12 runs, planned ${created.runs.length}`);
  runtime.ctx.queue.start();
  await runtime.ctx.queue.whenIdle();
  const seconds = (performance.now() - started) / 1000;
  const notDone = runtime.ctx.store.runs.queued().length;
  if (notDone > 0) throw new Error(`${notDone} runs did not train`);
  return seconds;
}

const streamMs = (id: string) => Number(id.split('-')[0]);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)]!;
};

export async function benchDispatch(options: DispatchBenchOptions): Promise<void> {
  const binary = redisServerBinary();
  if (!binary) {
    console.log('dispatch: skipped, no redis-server on PATH');
    return;
  }
  process.env.AVLAB_CORES = '1';
  const root = tempHome('avlab-bench-dispatch-');
  const redis = await startRedis(binary);
  const workers: Awaited<ReturnType<typeof startWorker>>[] = [];
  try {
    const localHome = join(root.dir, 'local');
    const coordinatorHome = join(root.dir, 'coordinator');
    let runtime = startApiRuntime({ home: localHome, transport: 'cli', startQueue: false });
    const { datasetId } = await call<{ datasetId: string }>(runtime, 'datasets.import', {
      kind: 'demo',
      options: { samplesPerClass: options.samplesPerClass },
    });
    await runtime.close();
    cpSync(localHome, coordinatorHome, { recursive: true });

    // Here: two runs at once, one core each (the same split the two workers get).
    runtime = startApiRuntime({ home: localHome, transport: 'cli', startQueue: false });
    await call(runtime, 'settings.update', { concurrency: 2, cores: 2 });
    const local = await sweep(runtime, datasetId, options.epochs);
    await runtime.close();
    console.log(`dispatch: 12 micro runs here, 2 at once on 1 core each: ${local.toFixed(1)} s`);

    // Workers are started (and idle) before the clock starts: their start-up is not dispatch.
    workers.push(
      ...(await Promise.all([
        startWorker(join(root.dir, 'worker-a'), redis.url),
        startWorker(join(root.dir, 'worker-b'), redis.url),
      ])),
    );
    const added = new Map<string, number>();
    const waits: number[] = [];
    const events = new QueueEvents(RUN_QUEUE, {
      connection: bullConnection(redis.url),
      prefix: KEY_PREFIX,
    });
    events.on('added', ({ jobId }, id) => added.set(jobId, streamMs(id)));
    events.on('active', ({ jobId }, id) => {
      const at = added.get(jobId);
      if (at !== undefined) waits.push(streamMs(id) - at);
    });
    await events.waitUntilReady();
    runtime = startApiRuntime({ home: coordinatorHome, transport: 'cli', startQueue: false });
    const coordinator = await startCoordinator(runtime, {
      queueUrl: redis.url,
      host: '127.0.0.1',
      port: 0,
      token: SWEEP_ENV.AVLAB_WORKER_TOKEN,
    });
    const remote = await sweep(runtime, datasetId, options.epochs);
    await coordinator.close();
    await runtime.close();
    await events.close();
    console.log(`dispatch: 12 micro runs on 2 workers of 1 core each: ${remote.toFixed(1)} s`);
    console.log(
      `dispatch: overhead ${(remote - local).toFixed(1)} s (×${(remote / local).toFixed(2)} the local time)`,
    );
    console.log(
      `dispatch: enqueue → a worker takes the job (Redis event times, ${waits.length} jobs): ` +
        `min ${Math.min(...waits)} ms, median ${median(waits)} ms (includes waiting for a busy worker)`,
    );
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    await redis.stop();
    rmSync(root.dir, { recursive: true, force: true });
  }
}
