import type { CorruptionConfig } from '@shared/domain/corruption';
import type { FeatureSource } from '@shared/domain/features';
import { beforeAll, expect, it } from 'vitest';
import { microConfig, microTraining, syntheticSource } from '../../../tests/support/engine/micro';
import { useTestBackend } from '../../../tests/support/engine/setup';
import { AVModel } from '../model/model';
import { trainRun } from './loop';

beforeAll(useTestBackend);

const shape = { audioFrames: 8, melBins: 8, imageSize: 8, imageChannels: 1 };
const corruption: CorruptionConfig = {
  audioNoises: ['gaussian'],
  visualNoises: ['blur'],
  severity: 0.5,
  rate: 0.5,
};

/** The frame seeds training passes to batch(): a video sample's frame is drawn from them. */
async function frameSeeds(seed: number): Promise<(number | undefined)[]> {
  const inner = syntheticSource(shape, 3, { train: 16, val: 4, test: 4 }, 4);
  const seeds: (number | undefined)[] = [];
  const source: FeatureSource = {
    shape: inner.shape,
    classes: inner.classes,
    indices: (split) => inner.indices(split),
    batch: (ids, choice) => {
      seeds.push(choice?.frameSeed);
      return inner.batch(ids);
    },
  };
  const model = new AVModel(microConfig(), 1);
  await trainRun({ model, source, config: microTraining({ seed, epochs: 2 }), corruption });
  model.dispose();
  return seeds;
}

it('training draws each batch’s frames from a seed of its own, the same on every run; validation reads the middle frame', async () => {
  const first = await frameSeeds(5);
  const training = first.filter((s) => s !== undefined);
  // 2 epochs × 2 steps of 8 train samples; validation batches pass no seed (the middle frame).
  expect(training).toHaveLength(4);
  expect(new Set(training).size).toBe(4);
  expect(first.some((s) => s === undefined)).toBe(true);
  expect(await frameSeeds(5)).toEqual(first);
  expect((await frameSeeds(6)).filter((s) => s !== undefined)).not.toEqual(training);
});
