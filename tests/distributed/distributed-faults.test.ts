import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../src-main/api/dispatch';
import { startApiRuntime } from '../../src-main/api/runtime';
import { CoordinatorClient } from '../../src-main/distributed/coordinator-client';
import { startRemoteWorker } from '../../src-main/distributed/remote-worker';
import { startCoordinator } from '../../src-main/distributed/start-coordinator';
import { typescriptWorker } from '../../src-main/jobs/worker-entry';
import { tempHome } from '../helpers/temp-home';
import {
  freePort,
  redisServerBinary,
  startRedis,
  type TestRedis,
} from '../support/distributed/redis-server';
import {
  exited,
  importSmallDemo,
  readStore,
  spawnAvlab,
  writeMicroSpec,
} from '../support/distributed/sweep';

const binary = redisServerBinary();
if (!binary)
  console.warn('tests/distributed skipped: no redis-server on PATH (.ci/run installs it)');

const fixture = (name: string) =>
  typescriptWorker(fileURLToPath(new URL(`../fixtures/workers/${name}`, import.meta.url)));
const failingWorker = fixture('failing-worker.ts');
const endlessWorker = fixture('endless-worker.ts');
const TOKEN = 'faults-test-token-0123456789';

/** A coordinator over `home` and one in-process worker running `entry`, for one test. */
async function sweepWith(
  home: string,
  workerHome: string,
  queueUrl: string,
  entry: typeof failingWorker,
) {
  const runtime = startApiRuntime({ home, transport: 'cli', startQueue: false });
  const coordinator = await startCoordinator(runtime, {
    queueUrl,
    host: '127.0.0.1',
    port: 0,
    token: TOKEN,
  });
  const log: string[] = [];
  const worker = await startRemoteWorker({
    queueUrl,
    token: TOKEN,
    home: workerHome,
    concurrency: 1,
    backendOverride: null,
    cores: 1,
    shared: null,
    lockMs: 5000,
    workerEntry: entry,
    log: (line) => log.push(line),
  });
  return {
    runtime,
    worker,
    log,
    close: async () => {
      await worker.close();
      await coordinator.close();
      await runtime.close();
    },
  };
}

function microScenario(datasetId: string, name: string) {
  const stage = { epochs: 1, batchSize: 16, lr: 0.003, warmupEpochs: 0 };
  return {
    name,
    datasetId,
    cases: ['noisy_audio'],
    methods: ['pl'],
    model: { preset: 'micro' },
    backbone: stage,
    training: { pl: stage },
    seeds: [0],
    evaluation: { cases: ['noisy_audio'], promptings: ['situation'] },
  };
}

describe.skipIf(!binary)('distributed sweeps when things go wrong', () => {
  const root = tempHome('avlab-distributed-faults-');
  let redis: TestRedis;
  let datasetId: string;
  const home = join(root.dir, 'coordinator');

  beforeAll(async () => {
    redis = await startRedis(binary!);
    datasetId = await importSmallDemo(home, 3);
  }, 60_000);

  afterAll(async () => {
    await redis?.stop();
    root.remove();
  });

  it('marks a run failed with its reason once it has failed three times', async () => {
    const sweep = await sweepWith(home, join(root.dir, 'worker'), redis.url, failingWorker);
    const { runtime, worker } = sweep;
    try {
      // The worker announces itself: Settings list it, with its backend, cores and memory.
      await dispatch(runtime.handlers, 'settings.update', { queueUrl: redis.url });
      const listed = await dispatch(runtime.handlers, 'distributed.workers', {});
      expect(listed).toMatchObject({
        ok: true,
        result: {
          queue: redis.url,
          error: null,
          workers: [{ id: worker.id, cores: 1, concurrency: 1, running: [] }],
        },
      });
      const [announced] = (
        listed as { result: { workers: { memoryBytes: number; backend: string }[] } }
      ).result.workers;
      expect(announced!.memoryBytes).toBeGreaterThan(0);
      expect(announced!.backend).not.toBeNull();

      const created = await dispatch(runtime.handlers, 'experiments.create', {
        scenario: microScenario(datasetId, 'fails'),
      });
      if (!created.ok) throw new Error(created.error.message);
      const [backbone, adapted] = (created.result as { runs: { id: number }[] }).runs;
      runtime.ctx.queue.start();
      await runtime.ctx.queue.whenIdle();
      expect(runtime.ctx.store.runs.get(backbone!.id)).toMatchObject({
        status: 'failed',
        error: 'scripted failure: out of memory',
      });
      expect(sweep.log.filter((l) => /^run \d+: attempt \d\/3$/.test(l))).toEqual([
        `run ${backbone!.id}: attempt 1/3`,
        `run ${backbone!.id}: attempt 2/3`,
        `run ${backbone!.id}: attempt 3/3`,
      ]);
      // Its adapted run never reached a worker.
      expect(runtime.ctx.store.runs.get(adapted!.id)).toMatchObject({
        status: 'failed',
        error: `its backbone run ${backbone!.id} ended failed`,
      });
    } finally {
      await sweep.close();
    }
  }, 60_000);

  it('cancels a run a worker trains between two steps, as a local run', async () => {
    const sweep = await sweepWith(home, join(root.dir, 'worker-endless'), redis.url, endlessWorker);
    const { runtime } = sweep;
    try {
      const created = await dispatch(runtime.handlers, 'experiments.create', {
        scenario: microScenario(datasetId, 'cancelled'),
      });
      if (!created.ok) throw new Error(created.error.message);
      const [backbone, adapted] = (created.result as { runs: { id: number }[] }).runs;
      runtime.ctx.queue.start();
      const deadline = Date.now() + 30_000;
      while (runtime.ctx.store.steps.list(backbone!.id).length < 3) {
        if (Date.now() > deadline) throw new Error('the worker never reported a step');
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(() => runtime.ctx.queue.pause(backbone!.id)).toThrow(
        `Run ${backbone!.id} trains on a remote worker: it can be cancelled, not paused.`,
      );
      expect(runtime.ctx.queue.cancel(backbone!.id)).toBe(true);
      await runtime.ctx.queue.whenIdle();
      expect(runtime.ctx.store.runs.get(backbone!.id)?.status).toBe('cancelled');
      expect(runtime.ctx.store.runs.get(adapted!.id)).toMatchObject({
        status: 'failed',
        error: `its backbone run ${backbone!.id} ended cancelled`,
      });
    } finally {
      await sweep.close();
    }
  }, 60_000);

  it('refuses a checkpoint whose bytes miss their hash, and reports under a replaced lease', async () => {
    const runtime = startApiRuntime({ home, transport: 'cli', startQueue: false });
    const running = await startCoordinator(runtime, {
      queueUrl: redis.url,
      host: '127.0.0.1',
      port: 0,
      token: TOKEN,
    });
    try {
      const created = await dispatch(runtime.handlers, 'experiments.create', {
        scenario: microScenario(datasetId, 'leases'),
      });
      if (!created.ok) throw new Error(created.error.message);
      const [backbone] = (created.result as { runs: { id: number }[] }).runs;
      const id = backbone!.id;
      // A worker, as far as the coordinator can tell.
      const client = new CoordinatorClient({
        url: async () => running.server.url,
        token: TOKEN,
        patienceMs: 0,
      });
      const first = await client.startRun(id);
      expect(first.dataset.length).toBeGreaterThan(1);
      expect(first.parentCheckpoint).toBeNull();

      const bytes = Buffer.from('epoch one weights');
      const file = join(root.dir, 'epoch-1.safetensors');
      writeFileSync(file, bytes);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const stored = join(home, 'checkpoints', `run-${id}`, 'epoch-1.safetensors');
      await expect(
        client.uploadCheckpoint(id, 1, first.lease, file, 'f'.repeat(64)),
      ).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/: refused$/) });
      expect(existsSync(stored)).toBe(false);
      await client.uploadCheckpoint(id, 1, first.lease, file, sha256);
      expect(readFileSync(stored)).toEqual(bytes);

      // Another worker took the run over: the first one's reports are refused.
      const second = await client.startRun(id);
      const metrics = {
        epoch: 1,
        trainLoss: 1,
        trainAccuracy: 0.5,
        valLoss: null,
        valAccuracy: null,
        lr: 0.003,
        seconds: 1,
        samplesPerSec: 10,
      };
      const epoch = {
        type: 'epoch' as const,
        metrics,
        checkpoint: { epoch: 1, sha256, bytes: bytes.length },
      };
      await expect(client.report(id, first.lease, [epoch])).rejects.toMatchObject({ status: 409 });
      expect(runtime.ctx.store.results.epochs(id)).toEqual([]);
      await client.report(id, second.lease, [epoch]);
      expect(runtime.ctx.store.results.latestCheckpoint(id)).toMatchObject({
        epoch: 1,
        path: stored,
        sha256,
      });
    } finally {
      await running.close();
      await runtime.close();
    }
  }, 60_000);

  it('says Redis is unavailable without its password, creates nothing, and local runs still work', async () => {
    const spec = writeMicroSpec(root.dir, datasetId);
    const url = `redis://lab:hunter2-secret@127.0.0.1:${await freePort()}`;
    const refused = spawnAvlab(home, ['experiment', 'run', spec, '--queue', url]);
    let stderr = '';
    refused.stderr?.on('data', (d) => {
      stderr += d;
    });
    const code = await new Promise((r) => refused.once('exit', r));
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /Redis is unavailable at redis:\/\/lab:\*\*\*@127\.0\.0\.1:\d+: connect ECONNREFUSED/,
    );
    expect(stderr).not.toContain('hunter2');
    const experiments = () =>
      readStore(home, (db) =>
        db
          .prepare("SELECT count(*) FROM experiments WHERE name = 'distributed micro sweep'")
          .pluck()
          .get(),
      );
    expect(experiments()).toBe(0);

    await exited(spawnAvlab(home, ['experiment', 'run', spec, '--local']));
    expect(experiments()).toBe(1);
    const statuses = readStore(home, (db) =>
      db
        .prepare(
          "SELECT r.status FROM runs r JOIN experiments e ON e.id = r.experiment_id WHERE e.name = 'distributed micro sweep'",
        )
        .pluck()
        .all(),
    );
    expect(statuses).toEqual(['done', 'done']);
  }, 120_000);
});
