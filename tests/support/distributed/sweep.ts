import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { dispatch } from '../../../src-main/api/dispatch';
import { startApiRuntime } from '../../../src-main/api/runtime';
import { AVLAB } from '../../helpers/cli';

/** What every process of a distributed test shares: one core each, and the worker token. */
export const SWEEP_ENV = {
  ...process.env,
  AVLAB_CORES: '1',
  AVLAB_WORKER_TOKEN: 'distributed-test-token-0123456789',
};

/** The demo dataset at 10 samples per class (70 to train): a micro run takes seconds. */
export async function importSmallDemo(home: string, samplesPerClass = 10): Promise<string> {
  const runtime = startApiRuntime({ home, transport: 'cli', startQueue: false });
  try {
    const envelope = await dispatch(runtime.handlers, 'datasets.import', {
      kind: 'demo',
      options: { samplesPerClass },
    });
    if (!envelope.ok) throw new Error(envelope.error.message);
    return (envelope.result as { datasetId: string }).datasetId;
  } finally {
    await runtime.close();
  }
}

/**
 * A backbone (3 epochs, so that a worker can be killed mid-run) and a PL run on its chosen
 * checkpoint, evaluated on two cases: the smallest sweep with a dependency.
 */
export function writeMicroSpec(dir: string, datasetId: string): string {
  const stage = { batchSize: 16, warmupEpochs: 0 };
  const spec = {
    name: 'distributed micro sweep',
    datasetId,
    cases: ['noisy_audio'],
    methods: ['pl'],
    missingRates: [1],
    model: { preset: 'micro' },
    backbone: { ...stage, epochs: 3, lr: 0.003 },
    training: { pl: { ...stage, epochs: 1, lr: 0.01 } },
    seeds: [0],
    evaluation: { cases: ['complete', 'noisy_audio'], promptings: ['situation'] },
  };
  const file = join(dir, 'micro-sweep.json');
  writeFileSync(file, JSON.stringify(spec));
  return file;
}

/** `avlab --home HOME …` in the background, with the sweep environment. */
export function spawnAvlab(home: string, args: string[]): ChildProcess {
  return spawn(process.execPath, [AVLAB, '--home', home, ...args], {
    env: SWEEP_ENV,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export interface TestWorker {
  child: ChildProcess;
  /** Everything it wrote on stderr so far (its log: "run 3: attempt 1/3" …). */
  log(): string;
  stop(): Promise<void>;
}

/** `avlab worker`, resolved once it waits for runs; a silent worker's run is retried after 2 s. */
export async function startWorker(home: string, queueUrl: string): Promise<TestWorker> {
  const child = spawnAvlab(home, ['worker', '--queue', queueUrl, '--stall-seconds', '2']);
  let out = '';
  let err = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    err += d;
  });
  const deadline = Date.now() + 60_000;
  while (!out.includes('waiting for runs')) {
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`avlab worker did not start:\n${out}\n${err}`);
    await sleep(50);
  }
  return {
    child,
    log: () => err,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Resolves with the exit code; rejects with the output when it takes longer than `ms`. */
export function exited(child: ChildProcess, ms = 180_000): Promise<number | null> {
  let out = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    out += d;
  });
  return new Promise((resolve, reject) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    const timer = setTimeout(() => reject(new Error(`still running after ${ms} ms:\n${out}`)), ms);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code !== 0 && code !== null) reject(new Error(`exited ${code}:\n${out}`));
      else resolve(code);
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Reads the store of a data directory (read-only, as another process writes it). */
export function readStore<T>(home: string, read: (db: Database.Database) => T): T {
  const db = new Database(join(home, 'avlab.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/**
 * An experiment's stored results, keyed by what a run is (method/case/seed) rather than its id,
 * without what differs between machines and times (seconds, samples/s, timestamps).
 */
export function storedResults(home: string, experimentId: number) {
  return readStore(home, (db) => {
    const runs = db
      .prepare(
        'SELECT id, method, case_name AS c, seed, status, epochs_done AS epochs FROM runs WHERE experiment_id = ? ORDER BY id',
      )
      .all(experimentId) as {
      id: number;
      method: string;
      c: string;
      seed: number;
      status: string;
      epochs: number;
    }[];
    return runs.map((run) => ({
      run: `${run.method}/${run.c}/seed ${run.seed}`,
      status: run.status,
      epochs: run.epochs,
      metrics: db
        .prepare(
          'SELECT epoch, train_loss, train_accuracy, val_loss, val_accuracy, lr FROM epoch_metrics WHERE run_id = ? ORDER BY epoch',
        )
        .all(run.id),
      evaluations: db
        .prepare(
          `SELECT case_name, prompting, missing_rate, split, ad_hoc, accuracy, macro_f1, confusion, samples
           FROM evaluations WHERE run_id = ? ORDER BY case_name, prompting, split`,
        )
        .all(run.id),
      steps: db
        .prepare(
          'SELECT epoch, step, loss, accuracy FROM step_metrics WHERE run_id = ? ORDER BY epoch, step',
        )
        .all(run.id),
    }));
  });
}

/** Rows per run in each results table, to show that a retried run added none twice. */
export function rowCounts(home: string, experimentId: number) {
  return readStore(home, (db) =>
    db
      .prepare(
        `SELECT r.id,
           (SELECT count(*) FROM epoch_metrics WHERE run_id = r.id) AS epochs,
           (SELECT count(DISTINCT epoch) FROM epoch_metrics WHERE run_id = r.id) AS distinctEpochs,
           (SELECT count(*) FROM evaluations WHERE run_id = r.id) AS evaluations,
           (SELECT count(*) FROM step_metrics WHERE run_id = r.id) AS steps,
           r.epochs_done AS epochsDone
         FROM runs r WHERE r.experiment_id = ? ORDER BY r.id`,
      )
      .all(experimentId),
  );
}
