import type { DataProgress, DemoImportOptions } from '@shared/domain/dataset';
import { deriveSeed } from '../random';
import { DEMO_CLASSES, DEMO_GENERATOR, DEMO_RATE, demoAudioLength } from './demo-generator';
import {
  type DatasetDraft,
  DEFAULT_SEED,
  DEFAULT_TEST_FRACTION,
  DEFAULT_VAL_FRACTION,
} from './draft';
import { groupBySource } from './source-groups';
import { groupedSplits } from './splits';

export const DEMO_SAMPLES_PER_CLASS = 40;

/** The built-in procedural dataset: no files, the same samples for the same seed. */
export function draftDemo(
  options: DemoImportOptions,
  onProgress: (progress: DataProgress) => void = () => {},
): DatasetDraft {
  const seed = options.seed ?? DEFAULT_SEED;
  const perClass = options.samplesPerClass ?? DEMO_SAMPLES_PER_CLASS;
  const labels = Array.from(
    { length: DEMO_CLASSES.length * perClass },
    (_, i) => i % DEMO_CLASSES.length,
  );
  // Multi-label: odd samples draw their picture from another class (a different one for each
  // round of samples), so they carry two labels — the sound's and the picture's.
  const pictureOf = (label: number, i: number) =>
    options.multiLabel && i % 2 === 1
      ? (label + 1 + (Math.floor(i / DEMO_CLASSES.length) % (DEMO_CLASSES.length - 1))) %
        DEMO_CLASSES.length
      : label;
  const labelSets = labels.map((label, i) =>
    [...new Set([label, pictureOf(label, i)])].sort((a, b) => a - b),
  );
  const sources = labels.map((label, i) => {
    const sampleSeed = deriveSeed(seed, i);
    // Single-label demos keep their refs exactly (so their feature caches do too).
    const patterns = options.multiLabel
      ? { audio: { pattern: label }, image: { pattern: pictureOf(label, i) } }
      : { audio: {}, image: {} };
    return {
      audio: {
        kind: 'generated' as const,
        generator: DEMO_GENERATOR,
        seed: sampleSeed,
        ...patterns.audio,
      },
      image: {
        kind: 'generated' as const,
        generator: DEMO_GENERATOR,
        seed: sampleSeed,
        ...patterns.image,
      },
    };
  });
  // Every sample has its own seed, so groups are single samples unless two seeds collide.
  const splits = groupedSplits(
    labelSets.map((set) => set[0]!),
    groupBySource(sources),
    { val: options.valFraction ?? DEFAULT_VAL_FRACTION, test: DEFAULT_TEST_FRACTION },
    seed,
  );
  const samples = labels.map((label, i) => {
    onProgress({ stage: 'scan', done: i + 1, total: labels.length });
    const { audio, image } = sources[i]!;
    const set = labelSets[i]!;
    return {
      id: `demo-${String(i).padStart(4, '0')}`,
      label: options.multiLabel ? set[0]! : label,
      ...(options.multiLabel ? { labels: set } : {}),
      split: splits[i]!,
      audio,
      image,
      durationSeconds: demoAudioLength(audio.seed) / DEMO_RATE,
    };
  });
  return {
    name:
      options.name ?? (options.multiLabel ? 'Demo (procedural, multi-label)' : 'Demo (procedural)'),
    classes: [...DEMO_CLASSES],
    samples,
    rejected: [],
    ...(options.multiLabel ? { task: 'multi-label' as const } : {}),
    options: {
      seed,
      samplesPerClass: perClass,
      generator: DEMO_GENERATOR,
      ...(options.multiLabel ? { multiLabel: true } : {}),
    },
  };
}
