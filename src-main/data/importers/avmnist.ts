import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type {
  AvmnistImportOptions,
  DataProgress,
  DatasetSample,
  RejectedFile,
  Split,
} from '@shared/domain/dataset';
import { checkAudioDecodeBudget } from '../audio/decode-budget';
import { decodeWav } from '../audio/wav';
import { DecodeError } from '../decode-error';
import { readIdxImages, readIdxLabels } from '../image/idx';
import { deriveSeed, SeededRandom } from '../random';
import { sourceLimits } from '../source-limits';
import { readSourceFile, type SampleSources } from '../sources';
import { type DatasetDraft, DEFAULT_SEED, DEFAULT_VAL_FRACTION } from './draft';
import { toRejected } from './validate-pair';

export const FSDD_TRAIN_SPEAKERS = ['jackson', 'nicolas', 'yweweler', 'lucas'];
export const FSDD_TEST_SPEAKERS = ['theo', 'george'];
const FSDD_NAME = /^(\d)_([a-z]+)_(\d+)\.wav$/i;

interface Clip {
  path: string;
  digit: number;
  speaker: string;
  take: number;
  split: Split;
  durationSeconds: number;
  bytes: number;
}

/** Finds an MNIST file by its canonical name, gzipped or not. */
function mnistFile(dir: string, stem: string): string {
  for (const name of [`${stem}.gz`, stem]) {
    const path = join(dir, name);
    if (existsSync(path)) return path;
  }
  throw new DecodeError(join(dir, stem), 'MNIST file not found (plain or .gz)');
}

/**
 * AV-MNIST: each FSDD clip paired with `pairsPerClip` MNIST images of the same digit, drawn
 * without replacement (seeded) from the MNIST split that matches the clip's split, so that no
 * image appears in two splits. Clips split by speaker (train jackson, nicolas, yweweler, lucas;
 * test theo, george) or by FSDD's official rule (takes 0–4 test). Val: a seeded share of the
 * train clips, with all their pairs.
 */
export function draftAvmnist(
  options: AvmnistImportOptions,
  onProgress: (progress: DataProgress) => void = () => {},
  sources?: SampleSources,
): DatasetDraft {
  const splitRule = options.split ?? 'speaker';
  const pairsPerClip = options.pairsPerClip ?? 1;
  const seed = options.seed ?? DEFAULT_SEED;
  const valFraction = options.valFraction ?? DEFAULT_VAL_FRACTION;
  const fsddRoot = resolve(options.fsdd);
  const recordings = existsSync(join(fsddRoot, 'recordings'))
    ? join(fsddRoot, 'recordings')
    : fsddRoot;
  const mnistRoot = resolve(options.mnist);
  const limits = sourceLimits(options.limits, options.features);
  const mnist = {
    train: {
      images: mnistFile(mnistRoot, 'train-images-idx3-ubyte'),
      labels: readIdxLabels(mnistFile(mnistRoot, 'train-labels-idx1-ubyte'), limits.maxFileBytes),
    },
    test: {
      images: mnistFile(mnistRoot, 't10k-images-idx3-ubyte'),
      labels: readIdxLabels(mnistFile(mnistRoot, 't10k-labels-idx1-ubyte'), limits.maxFileBytes),
    },
  };
  for (const part of [mnist.train, mnist.test]) {
    const images = readIdxImages(part.images, limits.maxFileBytes);
    if (images.count !== part.labels.length) {
      throw new DecodeError(part.images, `${images.count} images but ${part.labels.length} labels`);
    }
  }

  let names: string[];
  try {
    names = readdirSync(recordings)
      .filter((name) => name.toLowerCase().endsWith('.wav'))
      .sort();
  } catch {
    throw new DecodeError(recordings, 'FSDD recordings folder not found');
  }
  const rejected: RejectedFile[] = [];
  const clips: Clip[] = [];
  names.forEach((name, i) => {
    onProgress({ stage: 'validate', done: i + 1, total: names.length });
    const path = join(recordings, name);
    const match = FSDD_NAME.exec(name);
    if (!match) {
      rejected.push({
        file: path,
        reason: 'name is not <digit>_<speaker>_<take>.wav: unknown label',
      });
      return;
    }
    const digit = Number(match[1]);
    const speaker = match[2]!.toLowerCase();
    const take = Number(match[3]);
    let split: Split;
    if (splitRule === 'official') split = take <= 4 ? 'test' : 'train';
    else if (FSDD_TRAIN_SPEAKERS.includes(speaker)) split = 'train';
    else if (FSDD_TEST_SPEAKERS.includes(speaker)) split = 'test';
    else {
      rejected.push({ file: path, reason: `speaker '${speaker}' is in neither speaker split` });
      return;
    }
    try {
      const bytes = readSourceFile(path, { maxBytes: limits.maxFileBytes });
      checkAudioDecodeBudget(bytes, path, limits);
      const decoded = decodeWav(bytes, path);
      sources?.carryAudio(path, decoded);
      clips.push({
        path,
        digit,
        speaker,
        take,
        split,
        durationSeconds: decoded.samples.length / decoded.sampleRate,
        bytes: bytes.length,
      });
    } catch (error) {
      rejected.push(toRejected(path, error));
    }
  });
  if (clips.length === 0) throw new DecodeError(recordings, 'no usable FSDD clips');

  // Val is carved per digit by whole clips, so that every class keeps the same share and all
  // pairs of a clip stay together. Images cannot leak: each is drawn once (see below).
  for (let digit = 0; digit < 10; digit++) {
    const trainClips = clips.filter((clip) => clip.split === 'train' && clip.digit === digit);
    const valClips = carveClips(
      trainClips.map((clip) => clip.path),
      valFraction,
      deriveSeed(seed, 1, digit),
    );
    for (const clip of trainClips) if (valClips.has(clip.path)) clip.split = 'val';
  }

  // One shuffled pool per (MNIST part, digit); train and val both draw from MNIST train
  // without replacement, so they never share an image.
  const random = new SeededRandom(deriveSeed(seed, 2));
  const pools = new Map<string, { order: number[]; next: number }>();
  const draw = (part: 'train' | 'test', digit: number): number => {
    const key = `${part}:${digit}`;
    let pool = pools.get(key);
    if (!pool) {
      const order: number[] = [];
      mnist[part].labels.forEach((label, index) => {
        if (label === digit) order.push(index);
      });
      pool = { order: random.shuffle(order), next: 0 };
      pools.set(key, pool);
    }
    if (pool.next >= pool.order.length)
      throw new Error(`MNIST ${part} ran out of '${digit}' images`);
    return pool.order[pool.next++]!;
  };

  const samples: DatasetSample[] = [];
  for (const clip of clips) {
    const part = clip.split === 'test' ? 'test' : 'train';
    for (let k = 0; k < pairsPerClip; k++) {
      const index = draw(part, clip.digit);
      samples.push({
        id: `${clip.digit}_${clip.speaker}_${clip.take}#${k}`,
        label: clip.digit,
        split: clip.split,
        audio: { kind: 'file', path: clip.path, bytes: clip.bytes },
        image: { kind: 'idx', path: mnist[part].images, index },
        durationSeconds: clip.durationSeconds,
        speaker: clip.speaker,
      });
    }
  }
  return {
    name: options.name ?? `AV-MNIST (${splitRule} split)`,
    classes: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    samples,
    rejected,
    options: {
      fsdd: recordings,
      mnist: mnistRoot,
      split: splitRule,
      pairsPerClip,
      seed,
      valFraction,
    },
  };
}

/** A seeded share of the clips (all pairs of each move together), in a stable order. */
function carveClips(paths: readonly string[], fraction: number, seed: number): Set<string> {
  if (fraction <= 0) return new Set();
  const unique = [...new Set(paths)].sort();
  const shuffled = new SeededRandom(seed).shuffle(unique);
  return new Set(shuffled.slice(0, Math.round(unique.length * fraction)));
}
