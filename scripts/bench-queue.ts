// `npm run bench queue`: wall time of one small sweep (a backbone and four adapted runs on the
// demo dataset) trained with 1, then 2 runs at once. On a CPU the answer decides the default
// concurrency: more workers only help while cores are idle. Then the overhead of dispatching an
// experiment to workers through Redis (bench-queue-dispatch.ts).
import { Command } from 'commander';
import { dispatch } from '../src-main/api/dispatch';
import { startApiRuntime } from '../src-main/api/runtime';
import { tempHome } from '../tests/helpers/temp-home';
import { benchDispatch } from './bench-queue-dispatch';

const options = new Command()
  .option('--preset <p>', 'model preset', 'micro')
  .option('--epochs <n>', 'epochs per run', (v) => Number(v), 3)
  .option('--concurrency <list>', 'comma-separated values to compare ("" to skip)', '1,2')
  .option('--dispatch-epochs <n>', 'epochs per run of the dispatch sweep', (v) => Number(v), 2)
  .option(
    '--samples-per-class <n>',
    'demo samples per class of the dispatch sweep',
    (v) => Number(v),
    20,
  )
  .option('--no-dispatch', 'skip the local vs two-worker dispatch comparison')
  .parse()
  .opts<{
    preset: string;
    epochs: number;
    concurrency: string;
    dispatchEpochs: number;
    samplesPerClass: number;
    dispatch: boolean;
  }>();

async function sweepSeconds(concurrency: number): Promise<number> {
  const home = tempHome('avlab-bench-queue-');
  const runtime = startApiRuntime({ home: home.dir, transport: 'cli' });
  try {
    const call = async (method: string, params: unknown) => {
      const envelope = await dispatch(runtime.handlers, method, params);
      if (!envelope.ok) throw new Error(envelope.error.message);
      return envelope.result as { datasetId: string };
    };
    const { datasetId } = await call('datasets.import', { kind: 'demo', options: {} });
    await call('settings.update', { concurrency });
    const stage = { epochs: options.epochs, batchSize: 32, lr: 0.003, warmupEpochs: 0 };
    const started = performance.now();
    await call('experiments.create', {
      scenario: {
        name: `queue bench ×${concurrency}`,
        datasetId,
        cases: ['noisy_audio', 'noisy_visual'],
        methods: ['pl', 'ft'],
        model: { preset: options.preset },
        backbone: stage,
        training: { pl: stage, ft: stage },
        seeds: [0],
        evaluation: { cases: ['noisy_audio', 'noisy_visual'], promptings: ['situation'] },
      },
    });
    await runtime.ctx.queue.whenIdle();
    return (performance.now() - started) / 1000;
  } finally {
    await runtime.close();
    home.remove();
  }
}

const results: Record<number, number> = {};
for (const c of options.concurrency.split(',').filter(Boolean).map(Number)) {
  results[c] = await sweepSeconds(c);
  console.log(
    `concurrency ${c}: sweep of 5 runs (${options.preset}, ${options.epochs} epochs each) in ${results[c]!.toFixed(1)} s`,
  );
}
const base = results[1];
if (base) {
  for (const [c, s] of Object.entries(results)) {
    if (c !== '1') console.log(`concurrency ${c} vs 1: ×${(base / s).toFixed(2)} faster`);
  }
}

if (options.dispatch)
  await benchDispatch({ epochs: options.dispatchEpochs, samplesPerClass: options.samplesPerClass });
