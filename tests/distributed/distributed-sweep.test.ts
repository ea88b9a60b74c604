import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempHome } from '../helpers/temp-home';
import { redisServerBinary, startRedis, type TestRedis } from '../support/distributed/redis-server';
import {
  exited,
  importSmallDemo,
  readStore,
  rowCounts,
  sleep,
  spawnAvlab,
  startWorker,
  storedResults,
  type TestWorker,
  writeMicroSpec,
} from '../support/distributed/sweep';

// A distributed sweep against a real Redis (started here on a free loopback port) and real
// `avlab worker` processes: the same stored results as a local run, a worker killed mid-run,
// a coordinator killed mid-experiment.
const binary = redisServerBinary();
if (!binary)
  console.warn('tests/distributed skipped: no redis-server on PATH (.ci/run installs it)');

describe.skipIf(!binary)('distributed sweeps through BullMQ on Redis', () => {
  const root = tempHome('avlab-distributed-');
  const coordinatorHome = join(root.dir, 'coordinator');
  const localHome = join(root.dir, 'local');
  let redis: TestRedis;
  let spec: string;
  let local: ReturnType<typeof storedResults>;
  const workers: TestWorker[] = [];
  let experiments = 0;

  const runExperiment = (args: string[]) =>
    spawnAvlab(coordinatorHome, ['experiment', 'run', spec, '--queue', redis.url, ...args]);
  const runOfExperiment = (experimentId: number, method: string) =>
    readStore(coordinatorHome, (db) =>
      db
        .prepare(
          'SELECT id, status, epochs_done AS epochs FROM runs WHERE experiment_id = ? AND method = ?',
        )
        .get(experimentId, method),
    ) as { id: number; status: string; epochs: number } | undefined;
  const waitFor = async (what: string, ok: () => boolean, ms = 120_000) => {
    const deadline = Date.now() + ms;
    while (!ok()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(100);
    }
  };

  beforeAll(async () => {
    redis = await startRedis(binary!);
    const datasetId = await importSmallDemo(coordinatorHome);
    spec = writeMicroSpec(root.dir, datasetId);
    // The same dataset, bit for bit, for the local reference.
    cpSync(coordinatorHome, localHome, { recursive: true });
    // Workers start (a few seconds each) while the local reference trains.
    const [a, b] = await Promise.all([
      startWorker(join(root.dir, 'worker-a'), redis.url),
      startWorker(join(root.dir, 'worker-b'), redis.url),
      exited(spawnAvlab(localHome, ['experiment', 'run', spec, '--local'])),
    ]);
    workers.push(a, b);
    local = storedResults(localHome, 1);
    expect(local.map((r) => [r.run, r.status])).toEqual([
      ['ft/complete/seed 0', 'done'],
      ['pl/noisy_audio/seed 0', 'done'],
    ]);
  }, 180_000);

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await redis?.stop();
    root.remove();
  });

  it('two worker processes store the same results as a local run with the same seeds', async () => {
    await exited(runExperiment([]));
    experiments++;
    expect(storedResults(coordinatorHome, experiments)).toEqual(local);
    // The backbone went to one worker and the PL run to a worker after it: both were served.
    const served = workers.map((w) => (w.log().match(/run \d+: attempt/g) ?? []).length);
    expect(served.reduce((a, b) => a + b)).toBe(2);
  }, 180_000);

  it('retries a run whose worker is killed -9 mid-run on another worker, without duplicate rows', async () => {
    const child = runExperiment([]);
    const done = exited(child);
    experiments++;
    const id = experiments;
    // The backbone has stored an epoch (its checkpoint uploaded) and trains the next one.
    await waitFor('an epoch of the backbone', () => (runOfExperiment(id, 'ft')?.epochs ?? 0) >= 1);
    const backbone = runOfExperiment(id, 'ft')!;
    const victim = workers.find((w) => w.log().includes(`run ${backbone.id}: attempt`))!;
    expect(victim).toBeDefined();
    victim.child.kill('SIGKILL');
    await new Promise((r) => victim.child.once('exit', r));
    workers.splice(workers.indexOf(victim), 1);
    await done;
    const survivor = workers[0]!;
    // BullMQ found the job stalled (its lock expired) and gave it to the other worker, which
    // resumed from the last uploaded checkpoint.
    expect(survivor.log()).toMatch(new RegExp(`run ${backbone.id}: attempt 1/3, from epoch \\d`));
    expect(storedResults(coordinatorHome, id)).toEqual(local);
    for (const counts of rowCounts(coordinatorHome, id) as Record<string, number>[]) {
      expect(counts.epochs).toBe(counts.epochsDone);
      expect(counts.distinctEpochs).toBe(counts.epochs);
    }
  }, 180_000);

  it('a coordinator killed mid-experiment loses nothing: resumed, the experiment completes', async () => {
    // One worker is left (the other was killed above): it serves this experiment.
    const first = runExperiment([]);
    experiments++;
    const id = experiments;
    // The PL run was queued in Redis (its backbone is done) and a worker may be training it.
    await waitFor('the adapted run to be dispatched', () =>
      ['running', 'done'].includes(runOfExperiment(id, 'pl')?.status ?? ''),
    );
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    await exited(
      spawnAvlab(coordinatorHome, ['experiment', 'resume', String(id), '--queue', redis.url]),
    );
    expect(storedResults(coordinatorHome, id)).toEqual(local);
  }, 180_000);
});
