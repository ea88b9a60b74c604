// Data pipeline benchmark: decode, resample and fbank throughput on the real FSDD clips, the time
// to import AV-MNIST (with its feature cache) from /work/shared/data, batch reads from the cache,
// and video import throughput (clips/s with --jobs 1 and one job per core; needs ffmpeg).
// Usage: node --import tsx scripts/bench-data.ts [--quick] [--video-only] [--video-clips N]
// The build machine is shared, so each figure is given per wall second and per CPU second of this
// process; the load average printed first says how busy the machine was.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_FEATURE_SETTINGS } from '@shared/domain/dataset';
import { FbankExtractor } from '../src-main/data/audio/fbank';
import { resample } from '../src-main/data/audio/resample';
import { decodeWav } from '../src-main/data/audio/wav';
import { DatasetLibrary } from '../src-main/data/library';
import { SeededRandom } from '../src-main/data/random';
import { MissingVideoToolError } from '../src-main/data/video/video-tools';
import { benchVideoImport } from './bench-data/video-import';

const DATA = process.env.AVLAB_SHARED_DATA ?? '/work/shared/data';
const RECORDINGS = join(DATA, 'fsdd', 'recordings');
const quick = process.argv.includes('--quick');
const videoOnly = process.argv.includes('--video-only');
const clipsFlag = process.argv.indexOf('--video-clips');
const videoClips = clipsFlag > 0 ? Number(process.argv[clipsFlag + 1]) : quick ? 12 : 48;

function line(name: string, value: string): void {
  process.stdout.write(`${name.padEnd(44)} ${value}\n`);
}

/** Runs `work` and returns its result with wall and CPU seconds. */
async function timed<T>(
  work: () => T | Promise<T>,
): Promise<{ value: T; wall: number; cpu: number }> {
  const wallStart = performance.now();
  const cpuStart = process.cpuUsage();
  const value = await work();
  const used = process.cpuUsage(cpuStart);
  return {
    value,
    wall: (performance.now() - wallStart) / 1000,
    cpu: (used.user + used.system) / 1e6,
  };
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

if (videoOnly) process.stdout.write(`video import benchmark, load average ${load()}\n`);
else await benchAudioAndImports();

try {
  await benchVideoImport(line, timed, { clips: videoClips, frames: 10, seconds: 10 });
} catch (error) {
  if (!(error instanceof MissingVideoToolError)) throw error;
  line('video import', `skipped: ${error.message}`);
}

async function benchAudioAndImports(): Promise<void> {
  const names = readdirSync(RECORDINGS)
    .filter((n) => n.endsWith('.wav'))
    .sort();
  const files = (quick ? names.slice(0, 500) : names).map((n) => readFileSync(join(RECORDINGS, n)));
  process.stdout.write(
    `data pipeline benchmark: ${files.length} FSDD clips, one thread, Node ${process.version}, load average ${load()}\n`,
  );

  const decode = await timed(() => files.map((bytes, i) => decodeWav(bytes, names[i]!)));
  const audioSeconds = decode.value.reduce((sum, d) => sum + d.samples.length / d.sampleRate, 0);
  const rates = (work: { wall: number; cpu: number }) =>
    `${(files.length / work.wall).toFixed(0)} clips/s, ${(audioSeconds / work.wall).toFixed(0)}× real time` +
    ` (per CPU second: ${(audioSeconds / work.cpu).toFixed(0)}×)`;
  line('audio in the set', `${audioSeconds.toFixed(1)} s`);
  line('WAV decode (wavefile)', rates(decode));

  const resampled = await timed(() =>
    decode.value.map((d) => resample(d.samples, d.sampleRate, 16000)),
  );
  line('resample 8 → 16 kHz (windowed sinc)', rates(resampled));

  const extractor = new FbankExtractor({ sampleRate: 16000, melBins: 128 });
  for (const wave of resampled.value.slice(0, 200)) extractor.compute(wave); // warm-up
  const fbank = await timed(() => {
    let frames = 0;
    for (const wave of resampled.value) frames += extractor.compute(wave).length / 128;
    return frames;
  });
  line('fbank 128 mel, whole clips', rates(fbank));
  line('fbank frames', `${(fbank.value / fbank.wall).toFixed(0)} frames/s`);
  line(
    'decode + resample + fbank',
    rates({
      wall: decode.wall + resampled.wall + fbank.wall,
      cpu: decode.cpu + resampled.cpu + fbank.cpu,
    }),
  );

  const home = mkdtempSync(join(tmpdir(), 'avlab-bench-'));
  try {
    const library = new DatasetLibrary(home);
    const fsdd = join(DATA, 'fsdd');
    const mnist = join(DATA, 'mnist');
    const avmnist = await timed(() =>
      library.import('avmnist', { fsdd, mnist }, undefined, { features: DEFAULT_FEATURE_SETTINGS }),
    );
    const report = avmnist.value;
    const pairs = report.counts.train + report.counts.val + report.counts.test;
    line(
      'AV-MNIST import + features (float32, 1 pair)',
      `${avmnist.wall.toFixed(1)} s wall, ${avmnist.cpu.toFixed(1)} s CPU, ${pairs} pairs (features ${report.features!.seconds.toFixed(1)} s)`,
    );
    if (!quick) {
      const three = await timed(() =>
        library.import('avmnist', { fsdd, mnist, pairsPerClip: 3 }, undefined, {
          features: { ...DEFAULT_FEATURE_SETTINGS, storage: 'float16' },
        }),
      );
      const c = three.value.counts;
      line(
        'AV-MNIST import + features (float16, 3 pairs)',
        `${three.wall.toFixed(1)} s wall, ${three.cpu.toFixed(1)} s CPU, ${c.train + c.val + c.test} pairs`,
      );
    }
    const demo = await timed(() => library.import('demo', {}));
    line(
      'demo import + features',
      `${demo.wall.toFixed(1)} s wall, ${demo.cpu.toFixed(1)} s CPU, 400 samples`,
    );

    const source = library.features(report.datasetId);
    const train = new SeededRandom(1).shuffle(Array.from(source.indices('train')));
    const reads = await timed(() => {
      let read = 0;
      for (let start = 0; start + 32 <= train.length; start += 32) {
        read += source.batch(train.slice(start, start + 32)).size;
      }
      return read;
    });
    line(
      'cache batch reads (32, shuffled, float32)',
      `${(reads.value / reads.wall).toFixed(0)} samples/s`,
    );
    source.close();
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

line('peak RSS', `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
line('load average at the end', load());
