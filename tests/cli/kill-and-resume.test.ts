import { join } from 'node:path';
import type { RunDetail } from '@shared/api/methods/runs';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { avlabJson, avlabSpawn } from '../helpers/cli';
import { tempHome } from '../helpers/temp-home';

// kill -9 of the whole process mid-run: the database stays sound, no completed epoch is lost, the
// run comes back as interrupted, and resuming it ends exactly where an uninterrupted run ends.
const home = tempHome('avlab-kill-');
afterAll(() => home.remove());

const trainArgs = (datasetId: string) => [
  'train',
  '--dataset',
  datasetId,
  '--method',
  'ft',
  '--preset',
  'micro',
  '--epochs',
  '4',
  '--batch-size',
  '32',
  '--lr',
  '0.003',
  '--seed',
  '7',
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it('survives kill -9 mid-epoch and resumes to the same metrics as an uninterrupted run', async () => {
  const { datasetId } = avlabJson<{ datasetId: string }>(home.dir, ['dataset', 'import', 'demo']);
  const reference = avlabJson<RunDetail>(home.dir, trainArgs(datasetId));
  expect(reference.run.status).toBe('done');

  const child = avlabSpawn(home.dir, trainArgs(datasetId));
  const dbFile = join(home.dir, 'avlab.sqlite');
  const epochsOf = (runId: number) => {
    const db = new Database(dbFile, { readonly: true, fileMustExist: true });
    try {
      return db
        .prepare('SELECT count(*) FROM epoch_metrics WHERE run_id = ?')
        .pluck()
        .get(runId) as number;
    } finally {
      db.close();
    }
  };
  const victim = reference.run.id + 1;
  const deadline = Date.now() + 120_000;
  while (epochsOf(victim) < 1) {
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error('the second run never finished an epoch');
    await sleep(50);
  }
  // Into the next epoch, then no warning at all.
  await sleep(300);
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));
  const completed = epochsOf(victim);
  expect(completed).toBeGreaterThanOrEqual(1);
  expect(completed).toBeLessThan(4);

  const db = new Database(dbFile);
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  db.close();

  const after = avlabJson<RunDetail>(home.dir, ['runs', 'show', String(victim)]);
  expect(after.run.status).toBe('interrupted');
  expect(after.epochs).toHaveLength(completed);
  expect(after.checkpoints.at(-1)?.epoch).toBe(completed);

  const resumed = avlabJson<RunDetail>(home.dir, ['runs', 'resume', String(victim)]);
  expect(resumed.run.status).toBe('done');
  const metrics = (d: RunDetail) =>
    d.epochs.map(({ epoch, trainLoss, trainAccuracy, valLoss, valAccuracy }) => ({
      epoch,
      trainLoss,
      trainAccuracy,
      valLoss,
      valAccuracy,
    }));
  expect(metrics(resumed)).toEqual(metrics(reference));
  expect(resumed.evaluations.map((e) => [e.case, e.accuracy, e.confusion])).toEqual(
    reference.evaluations.map((e) => [e.case, e.accuracy, e.confusion]),
  );
}, 300_000);
