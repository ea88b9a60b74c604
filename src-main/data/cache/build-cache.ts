import { randomBytes } from 'node:crypto';
import {
  closeSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import {
  CAV_MAE_NORMALISATION,
  type DatasetRecord,
  type FeatureSettings,
} from '@shared/domain/dataset';
import { SampleFeaturizer } from '../features-of-sample';
import type { SampleSources } from '../sources';
import {
  CACHE_FILES,
  type CacheMeta,
  INDEX_COLUMNS,
  SPLIT_CODES,
  settingsHash,
} from './cache-meta';
import { encodeFloat16 } from './float16';

export interface FeatureProgress {
  stage: 'audio' | 'image' | 'normalise';
  done: number;
  total: number;
}
export type FeatureProgressCallback = (progress: FeatureProgress) => void;

/** Running sum and sum of squares in float64, one per channel. */
class Moments {
  readonly sum: Float64Array;
  readonly sumSquares: Float64Array;
  count = 0;
  constructor(channels: number) {
    this.sum = new Float64Array(channels);
    this.sumSquares = new Float64Array(channels);
  }
  add(values: Float32Array): void {
    const channels = this.sum.length;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      this.sum[i % channels]! += v;
      this.sumSquares[i % channels]! += v * v;
    }
    this.count += values.length / channels;
  }
  mean(c: number): number {
    return this.count ? this.sum[c]! / this.count : 0;
  }
  std(c: number): number {
    if (!this.count) return 1;
    const m = this.mean(c);
    const std = Math.sqrt(Math.max(this.sumSquares[c]! / this.count - m * m, 0));
    return std > 1e-8 ? std : 1;
  }
}

/**
 * Computes a dataset's features once into `<featuresRoot>/<datasetId>/<settingsHash>/`:
 * pass 1 writes raw float32 rows (one per distinct clip/image) and gathers train-split moments;
 * pass 2 normalises and stores them as float32 or float16. Everything is written in a temporary
 * sibling directory that is renamed into place, so a crash leaves no half cache behind.
 */
export function buildFeatureCache(
  record: DatasetRecord,
  settings: FeatureSettings,
  featuresRoot: string,
  sources: SampleSources,
  onProgress: FeatureProgressCallback = () => {},
): { dir: string; meta: CacheMeta } {
  const started = performance.now();
  const hash = settingsHash(settings);
  const finalDir = join(featuresRoot, record.id, hash);
  // The pid tells the queue owner's clean-up (jobs/leftovers.ts) whether the builder still runs.
  const tmpDir = join(
    featuresRoot,
    record.id,
    `.tmp-${hash}-${process.pid}-${randomBytes(4).toString('hex')}`,
  );
  mkdirSync(tmpDir, { recursive: true });
  try {
    const featurizer = new SampleFeaturizer(settings);
    const plan = planRows(record);
    const audioMoments = new Moments(1);
    const imageMoments = new Moments(3);
    let audioMin = Number.POSITIVE_INFINITY;
    let audioMax = Number.NEGATIVE_INFINITY;

    const audioRaw = join(tmpDir, 'audio.raw');
    writeRows(audioRaw, plan.audio, featurizer.audioLength, (entry, row) => {
      const sample = record.samples[entry.sample]!;
      const values = featurizer.audio(sources.audio(sample.audio, sample.label));
      if (entry.inTrain) audioMoments.add(values);
      for (const v of values) {
        if (v < audioMin) audioMin = v;
        if (v > audioMax) audioMax = v;
      }
      onProgress({ stage: 'audio', done: row + 1, total: plan.audio.length });
      return values;
    });
    const visualRaw = join(tmpDir, 'visual.raw');
    writeRows(visualRaw, plan.image, featurizer.imageLength, (entry, row) => {
      const sample = record.samples[entry.sample]!;
      const values = featurizer.image(
        sample.image.kind === 'frames'
          ? sources.frame(sample.image, entry.frame ?? 0)
          : sources.image(sample.image, sample.label),
      );
      if (entry.inTrain) imageMoments.add(values);
      onProgress({ stage: 'image', done: row + 1, total: plan.image.length });
      return values;
    });

    const normalisation =
      settings.normalisation === 'cav-mae'
        ? CAV_MAE_NORMALISATION
        : {
            audioMean: audioMoments.mean(0),
            audioStd: audioMoments.std(0),
            imageMean: [0, 1, 2].map((c) => imageMoments.mean(c)) as [number, number, number],
            imageStd: [0, 1, 2].map((c) => imageMoments.std(c)) as [number, number, number],
          };
    const totalRows = plan.audio.length + plan.image.length;
    normaliseRows(
      audioRaw,
      join(tmpDir, CACHE_FILES.audio),
      featurizer.audioLength,
      settings,
      [{ mean: normalisation.audioMean, std: normalisation.audioStd }],
      (done) => onProgress({ stage: 'normalise', done, total: totalRows }),
    );
    normaliseRows(
      visualRaw,
      join(tmpDir, CACHE_FILES.visual),
      featurizer.imageLength,
      settings,
      [0, 1, 2].map((c) => ({
        mean: normalisation.imageMean[c]!,
        std: normalisation.imageStd[c]!,
      })),
      (done) =>
        onProgress({ stage: 'normalise', done: plan.audio.length + done, total: totalRows }),
    );
    rmSync(audioRaw);
    rmSync(visualRaw);

    writeFileSync(join(tmpDir, CACHE_FILES.index), plan.index);
    const meta: CacheMeta = {
      pipelineVersion: 1,
      datasetId: record.id,
      settingsHash: hash,
      settings,
      samples: record.samples.length,
      audioRows: plan.audio.length,
      imageRows: plan.image.length,
      ...(plan.framesPerSample > 1 ? { framesPerSample: plan.framesPerSample } : {}),
      normalisation,
      audioRange: plan.audio.length ? [audioMin, audioMax] : [0, 0],
      createdAt: new Date().toISOString(),
      buildSeconds: (performance.now() - started) / 1000,
    };
    writeFileSync(join(tmpDir, CACHE_FILES.meta), JSON.stringify(meta, null, 2));
    commitDirectory(tmpDir, finalDir);
    return { dir: finalDir, meta };
  } finally {
    rmSync(tmpDir, { recursive: true, force: true });
  }
}

interface RowEntry {
  /** First sample that uses this row (its refs are read to compute it). */
  sample: number;
  inTrain: boolean;
  /** Which of a video sample's frames the row holds. */
  frame?: number;
}

/**
 * One row per distinct audio/image reference; index rows say which rows each sample uses.
 * A video sample's k frames take k consecutive image rows (every sample of a video dataset has
 * the same k), so the reader picks a frame by offset from the first.
 */
function planRows(record: DatasetRecord) {
  const framesPerSample = framesOf(record);
  const audio: RowEntry[] = [];
  const image: RowEntry[] = [];
  const audioRows = new Map<string, number>();
  const imageRows = new Map<string, number>();
  const index = new Int32Array(record.samples.length * INDEX_COLUMNS);
  const rowFor = (
    rows: Map<string, number>,
    list: RowEntry[],
    key: string,
    i: number,
    train: boolean,
    frames = 1,
  ) => {
    let row = rows.get(key);
    if (row === undefined) {
      row = list.length;
      rows.set(key, row);
      for (let f = 0; f < frames; f++) {
        list.push({ sample: i, inTrain: train, ...(frames > 1 ? { frame: f } : {}) });
      }
    } else if (train) for (let f = 0; f < frames; f++) list[row + f]!.inTrain = true;
    return row;
  };
  record.samples.forEach((sample, i) => {
    const train = sample.split === 'train';
    index[i * INDEX_COLUMNS] = rowFor(audioRows, audio, JSON.stringify(sample.audio), i, train);
    index[i * INDEX_COLUMNS + 1] = rowFor(
      imageRows,
      image,
      JSON.stringify(sample.image),
      i,
      train,
      framesPerSample,
    );
    index[i * INDEX_COLUMNS + 2] = sample.label;
    index[i * INDEX_COLUMNS + 3] = SPLIT_CODES[sample.split];
  });
  return { audio, image, index, framesPerSample };
}

/** Frames per sample: 1, or the k every sample of a video dataset has. */
function framesOf(record: DatasetRecord): number {
  const counts = new Set(
    record.samples.map((s) => (s.image.kind === 'frames' ? s.image.paths.length : 1)),
  );
  if (counts.size > 1) {
    throw new Error(
      `dataset '${record.id}' mixes samples with ${[...counts].join(' and ')} frames: the cache needs one frame count`,
    );
  }
  return [...counts][0] ?? 1;
}

function writeRows(
  path: string,
  entries: RowEntry[],
  rowLength: number,
  compute: (entry: RowEntry, row: number) => Float32Array,
): void {
  const fd = openSync(path, 'w');
  try {
    entries.forEach((entry, row) => {
      const values = compute(entry, row);
      if (values.length !== rowLength)
        throw new Error(`feature row ${row} has ${values.length} values`);
      writeSync(fd, values);
    });
  } finally {
    closeSync(fd);
  }
}

const ROWS_PER_CHUNK = 64;

/** Reads raw float32 rows, applies (x - mean) / std per channel, writes in the storage type. */
function normaliseRows(
  rawPath: string,
  outPath: string,
  rowLength: number,
  settings: FeatureSettings,
  channels: { mean: number; std: number }[],
  onRows: (done: number) => void,
): void {
  const input = openSync(rawPath, 'r');
  const output = openSync(outPath, 'w');
  const chunk = new Float32Array(rowLength * ROWS_PER_CHUNK);
  const bytes = new Uint8Array(chunk.buffer);
  const count = channels.length;
  let rows = 0;
  try {
    for (;;) {
      const read = readSync(input, bytes, 0, bytes.length, null);
      if (read === 0) break;
      const values = chunk.subarray(0, read / 4);
      for (let i = 0; i < values.length; i++) {
        const channel = channels[i % count]!;
        values[i] = (values[i]! - channel.mean) / channel.std;
      }
      writeSync(output, settings.storage === 'float16' ? encodeFloat16(values) : values);
      rows += read / 4 / rowLength;
      onRows(rows);
    }
  } finally {
    closeSync(input);
    closeSync(output);
  }
}

/** Renames a finished directory into place; if another process got there first, keeps theirs. */
export function commitDirectory(tmpDir: string, finalDir: string): void {
  mkdirSync(dirname(finalDir), { recursive: true });
  try {
    renameSync(tmpDir, finalDir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
  }
}
