// Data pipeline benchmark: decode, resample and fbank throughput on the real FSDD clips, the time
// to import AV-MNIST (with its feature cache) from /work/shared/data, and batch reads from the cache.
// Usage: node --import tsx scripts/bench-data.ts [--quick]
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_FEATURE_SETTINGS } from '@shared/domain/dataset';
import { FbankExtractor } from '../src-main/data/audio/fbank';
import { resample } from '../src-main/data/audio/resample';
import { decodeWav } from '../src-main/data/audio/wav';
import { DatasetLibrary } from '../src-main/data/library';
import { SeededRandom } from '../src-main/data/random';

const DATA = process.env.AVLAB_SHARED_DATA ?? '/work/shared/data';
const RECORDINGS = join(DATA, 'fsdd', 'recordings');
const quick = process.argv.includes('--quick');

const rows: [string, string][] = [];
const report = (name: string, value: string) => {
  rows.push([name, value]);
  process.stdout.write(`${name.padEnd(46)} ${value}\n`);
};
const seconds = (since: number) => (performance.now() - since) / 1000;

const names = readdirSync(RECORDINGS)
  .filter((n) => n.endsWith('.wav'))
  .sort();
const files = (quick ? names.slice(0, 500) : names).map((n) => readFileSync(join(RECORDINGS, n)));
process.stdout.write(
  `data pipeline benchmark (${files.length} FSDD clips, one thread, Node ${process.version})\n`,
);

let t = performance.now();
const decoded = files.map((bytes, i) => decodeWav(bytes, names[i]!));
const decodeSeconds = seconds(t);
const audioSeconds = decoded.reduce((sum, d) => sum + d.samples.length / d.sampleRate, 0);
report('audio in the set', `${audioSeconds.toFixed(1)} s`);
report(
  'WAV decode',
  `${(files.length / decodeSeconds).toFixed(0)} clips/s, ${(audioSeconds / decodeSeconds).toFixed(0)}× real time`,
);

t = performance.now();
const waves = decoded.map((d) => resample(d.samples, d.sampleRate, 16000));
const resampleSeconds = seconds(t);
report(
  'resample 8 → 16 kHz (windowed sinc)',
  `${(files.length / resampleSeconds).toFixed(0)} clips/s, ${(audioSeconds / resampleSeconds).toFixed(0)}× real time`,
);

const extractor = new FbankExtractor({ sampleRate: 16000, melBins: 128 });
extractor.compute(waves[0]!); // warm-up
t = performance.now();
let frames = 0;
for (const wave of waves) frames += extractor.compute(wave).length / 128;
const fbankSeconds = seconds(t);
report(
  'fbank 128 mel, whole clips',
  `${(files.length / fbankSeconds).toFixed(0)} clips/s, ${(audioSeconds / fbankSeconds).toFixed(0)}× real time (${(frames / fbankSeconds).toFixed(0)} frames/s)`,
);
report(
  'decode + resample + fbank',
  `${(audioSeconds / (decodeSeconds + resampleSeconds + fbankSeconds)).toFixed(0)}× real time`,
);

const home = mkdtempSync(join(tmpdir(), 'avlab-bench-'));
try {
  const library = new DatasetLibrary(home);
  const fsdd = join(DATA, 'fsdd');
  const mnist = join(DATA, 'mnist');
  t = performance.now();
  const imported = await library.import('avmnist', { fsdd, mnist }, undefined, {
    features: DEFAULT_FEATURE_SETTINGS,
  });
  const total = imported.counts.train + imported.counts.val + imported.counts.test;
  report(
    'AV-MNIST import + features (float32, 1 pair)',
    `${seconds(t).toFixed(1)} s for ${total} pairs (features ${imported.features!.seconds.toFixed(1)} s)`,
  );
  if (!quick) {
    t = performance.now();
    const f16 = await library.import('avmnist', { fsdd, mnist, pairsPerClip: 3 }, undefined, {
      features: { ...DEFAULT_FEATURE_SETTINGS, storage: 'float16' },
    });
    report(
      'AV-MNIST import + features (float16, 3 pairs)',
      `${seconds(t).toFixed(1)} s for ${f16.counts.train + f16.counts.val + f16.counts.test} pairs`,
    );
  }
  t = performance.now();
  const demo = await library.import('demo', {});
  report(
    'demo import + features',
    `${seconds(t).toFixed(1)} s for ${demo.counts.train + demo.counts.val + demo.counts.test} samples`,
  );

  const source = library.features(imported.datasetId);
  const train = Array.from(source.indices('train'));
  const random = new SeededRandom(1);
  random.shuffle(train);
  t = performance.now();
  let read = 0;
  for (let start = 0; start + 32 <= train.length; start += 32)
    read += source.batch(train.slice(start, start + 32)).size;
  report(
    'cache batch reads (32, shuffled, float32)',
    `${(read / seconds(t)).toFixed(0)} samples/s`,
  );
  source.close();
} finally {
  rmSync(home, { recursive: true, force: true });
}
report('peak RSS', `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
