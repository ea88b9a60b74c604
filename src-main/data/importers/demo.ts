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
  const sources = labels.map((_, i) => {
    const sampleSeed = deriveSeed(seed, i);
    return {
      audio: { kind: 'generated' as const, generator: DEMO_GENERATOR, seed: sampleSeed },
      image: { kind: 'generated' as const, generator: DEMO_GENERATOR, seed: sampleSeed },
    };
  });
  // Every sample has its own seed, so groups are single samples unless two seeds collide.
  const splits = groupedSplits(
    labels,
    groupBySource(sources),
    { val: options.valFraction ?? DEFAULT_VAL_FRACTION, test: DEFAULT_TEST_FRACTION },
    seed,
  );
  const samples = labels.map((label, i) => {
    onProgress({ stage: 'scan', done: i + 1, total: labels.length });
    const { audio, image } = sources[i]!;
    return {
      id: `demo-${String(i).padStart(4, '0')}`,
      label,
      split: splits[i]!,
      audio,
      image,
      durationSeconds: demoAudioLength(audio.seed) / DEMO_RATE,
    };
  });
  return {
    name: options.name ?? 'Demo (procedural)',
    classes: [...DEMO_CLASSES],
    samples,
    rejected: [],
    options: { seed, samplesPerClass: perClass, generator: DEMO_GENERATOR },
  };
}
