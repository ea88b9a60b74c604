// `npm run bench:store`: metric-write throughput of the store, and the main thread's event-loop
// lag while a run trains in the worker (the UI must stay responsive: goal p99 < 50 ms).
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Command } from 'commander';
import { dispatch } from '../src-main/api/dispatch';
import { startApiRuntime } from '../src-main/api/runtime';
import { createStore } from '../src-main/store';
import { openDatabase } from '../src-main/store/connection';
import { sampleRunConfig } from '../src-main/store/testing';
import { tempHome } from '../tests/helpers/temp-home';

const options = new Command()
  .option('--rows <n>', 'epoch-metric rows to write', (v) => Number(v), 20_000)
  .option('--epochs <n>', 'epochs of the training run watched for lag', (v) => Number(v), 3)
  .option('--preset <p>', 'model preset of that run', 'micro')
  .option('--json', 'one JSON object')
  .parse()
  .opts<{ rows: number; epochs: number; preset: string; json?: boolean }>();

/** Rows/s into a WAL database on disk, `batch` rows per transaction. */
function writeThroughput(rows: number, batch: number): number {
  const home = tempHome('avlab-bench-write-');
  const store = createStore(openDatabase(join(home.dir, 'bench.sqlite')));
  const run = store.runs.create({
    experimentId: null,
    parentRunId: null,
    datasetId: 'd',
    role: 'single',
    config: sampleRunConfig(),
  });
  const started = performance.now();
  for (let i = 0; i < rows; i += batch) {
    store.results.transaction(() => {
      for (let j = i; j < Math.min(i + batch, rows); j++) {
        store.results.addEpoch(run.id, {
          epoch: j + 1,
          trainLoss: 1 / (j + 1),
          trainAccuracy: 0.5,
          valLoss: 0.4,
          valAccuracy: 0.6,
          lr: 1e-3,
          seconds: 1,
          samplesPerSec: 100,
        });
      }
    });
  }
  const perSecond = rows / ((performance.now() - started) / 1000);
  store.db.close();
  home.remove();
  return perSecond;
}

async function lagWhileTraining(): Promise<{
  p50: number;
  p99: number;
  max: number;
  events: number;
  seconds: number;
}> {
  const home = tempHome('avlab-bench-store-');
  const runtime = startApiRuntime({ home: home.dir, transport: 'cli' });
  try {
    const call = async (method: string, params: unknown) => {
      const envelope = await dispatch(runtime.handlers, method, params);
      if (!envelope.ok) throw new Error(envelope.error.message);
      return envelope.result as { datasetId?: string; id?: number };
    };
    const { datasetId } = await call('datasets.import', { kind: 'demo', options: {} });
    let events = 0;
    runtime.ctx.events.subscribe(() => events++);
    const histogram = monitorEventLoopDelay({ resolution: 5 });
    histogram.enable();
    const started = performance.now();
    await call('runs.create', {
      datasetId,
      training: {
        method: 'ft',
        case: 'complete',
        epochs: options.epochs,
        batchSize: 16,
        lr: 1e-3,
        weightDecay: 0.01,
        optimizer: 'adamw',
        schedule: 'cosine',
        warmupEpochs: 0,
        labelSmoothing: 0,
        clipNorm: 1,
        seed: 0,
      },
      model: { preset: options.preset },
    });
    await runtime.ctx.queue.whenIdle();
    histogram.disable();
    const ms = (ns: number) => ns / 1e6;
    return {
      p50: ms(histogram.percentile(50)),
      p99: ms(histogram.percentile(99)),
      max: ms(histogram.max),
      events,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await runtime.close();
    home.remove();
  }
}

const single = writeThroughput(Math.min(options.rows, 5_000), 1);
const batched = writeThroughput(options.rows, 500);
const lag = await lagWhileTraining();
const result = {
  metricRowsPerSecSingle: Math.round(single),
  metricRowsPerSecBatched: Math.round(batched),
  batchedOverSingle: Number((batched / single).toFixed(1)),
  eventLoopLagP50Ms: Number(lag.p50.toFixed(2)),
  eventLoopLagP99Ms: Number(lag.p99.toFixed(2)),
  eventLoopLagMaxMs: Number(lag.max.toFixed(2)),
  eventsDuringRun: lag.events,
  runSeconds: Number(lag.seconds.toFixed(1)),
  preset: options.preset,
};
if (options.json) console.log(JSON.stringify(result));
else {
  console.log(
    `metric writes, one row per transaction: ${result.metricRowsPerSecSingle.toLocaleString('en')} rows/s`,
  );
  console.log(
    `metric writes, 500 rows per transaction: ${result.metricRowsPerSecBatched.toLocaleString('en')} rows/s (×${result.batchedOverSingle})`,
  );
  console.log(
    `main-thread event-loop lag while a ${options.preset} run trains (${result.runSeconds} s, ${lag.events} events): ` +
      `p50 ${result.eventLoopLagP50Ms} ms, p99 ${result.eventLoopLagP99Ms} ms, max ${result.eventLoopLagMaxMs} ms (goal p99 < 50 ms)`,
  );
}
