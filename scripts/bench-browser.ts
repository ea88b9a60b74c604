// `npm run bench browser`: what the dataset browser costs the main side on a dataset the size of
// issue 15's (1,200 clip-image pairs, the demo generator at the default feature settings): a
// chunk of the sample list, a card row's worth and a screenful of thumbnails (datasets.thumbnails
// runs on the main thread, so its time is event-loop time), and one whole-clip log-mel
// (datasets.clip, in the data worker), with the bytes each answer sends. Prints figures (medians
// of --repeats calls; they move with the machine's load); asserts nothing.
import { Command } from 'commander';
import { dispatch } from '../src-main/api/dispatch';
import { startApiRuntime } from '../src-main/api/runtime';
import { tempHome } from '../tests/helpers/temp-home';

const options = new Command()
  .option('--per-class <n>', 'demo samples per class (10 classes)', (v) => Number(v), 120)
  .option('--repeats <n>', 'timed calls per figure (median reported)', (v) => Number(v), 7)
  .option('--json', 'one JSON object')
  .parse()
  .opts<{ perClass: number; repeats: number; json?: boolean }>();

const home = tempHome('avlab-bench-browser-');
const runtime = startApiRuntime({ home: home.dir, transport: 'cli', startQueue: false });

async function call(method: string, params: unknown): Promise<unknown> {
  const envelope = await dispatch(runtime.handlers, method, params);
  if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
  return envelope.result;
}

/** Median ms of `repeats` calls and the JSON bytes of the last answer. */
async function measure(method: string, params: (i: number) => unknown) {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < options.repeats; i++) {
    const started = performance.now();
    const result = await call(method, params(i));
    times.push(performance.now() - started);
    bytes = JSON.stringify(result).length;
  }
  times.sort((a, b) => a - b);
  return {
    ms: Number(times[Math.floor(times.length / 2)]!.toFixed(2)),
    kB: Math.round(bytes / 1024),
  };
}

try {
  const importStarted = performance.now();
  const report = (await call('datasets.import', {
    kind: 'demo',
    options: { samplesPerClass: options.perClass },
  })) as { datasetId: string; counts: Record<string, number> };
  const importSeconds = (performance.now() - importStarted) / 1000;
  const id = report.datasetId;
  const samples = Object.values(report.counts).reduce((a, b) => a + b, 0);
  const range = (from: number, n: number) =>
    Array.from({ length: n }, (_, k) => (from + k) % samples);
  // A different stretch each call: nothing is served from a cache of earlier calls.
  const figures = {
    samples,
    importSeconds: Number(importSeconds.toFixed(1)),
    listChunk200: await measure('datasets.samples', (i) => ({
      id,
      offset: (i * 200) % samples,
      limit: 200,
    })),
    thumbnailsRow4: await measure('datasets.thumbnails', (i) => ({
      id,
      indices: range(i * 97, 4),
    })),
    thumbnailsScreen24: await measure('datasets.thumbnails', (i) => ({
      id,
      indices: range(i * 131, 24),
    })),
    thumbnails100: await measure('datasets.thumbnails', (i) => ({
      id,
      indices: range(i * 173, 100),
    })),
    clip: await measure('datasets.clip', (i) => ({ id, index: (i * 37) % samples })),
  };
  if (options.json) console.log(JSON.stringify(figures));
  else {
    console.log(`dataset: ${samples} demo samples (imported in ${figures.importSeconds} s)`);
    for (const [name, f] of Object.entries(figures)) {
      if (typeof f === 'object')
        console.log(
          `${name.padEnd(20)} ${String(f.ms).padStart(8)} ms  ${String(f.kB).padStart(6)} kB`,
        );
    }
  }
} finally {
  await runtime.close();
  home.remove();
}
