import type { CorruptionConfig } from '@shared/domain/corruption';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { microConfig, syntheticSource } from '../../../tests/support/engine/micro';
import { useTestBackend } from '../../../tests/support/engine/setup';
import { AVModel } from '../model/model';
import { captureAttention } from './attention';
import { averageAttention } from './attention-average';

beforeAll(useTestBackend);

const source = syntheticSource({ audioFrames: 8, melBins: 8, imageSize: 8, imageChannels: 1 }, 3, {
  train: 4,
  val: 0,
  test: 7,
});
const corruption: CorruptionConfig = {
  audioNoises: ['gaussian'],
  visualNoises: ['gaussian'],
  severity: 1,
  rate: 1,
};

describe('averageAttention', () => {
  it('equals the mean over samples and heads of each sample’s own capture', async () => {
    const model = new AVModel(microConfig(), 3);
    model.setMethod('pl', 'complete');
    const test = [...source.indices('test')];
    // Complete data is not corrupted, so each sample's map does not depend on its batch.
    const averaged = await averageAttention(model, source, {
      indices: test,
      case: 'complete',
      prompting: 'situation',
      corruption,
      seed: 1,
      batchSize: 3,
    });
    const singles = [];
    for (const index of test)
      singles.push(await captureAttention(model, source.batch([index]), 'complete', 'situation'));

    expect(averaged.samples).toBe(test.length);
    expect(averaged.maps).toHaveLength(singles[0]!.maps.length);
    for (const [m, map] of averaged.maps.entries()) {
      const { heads, queries, keys, promptKeys } = singles[0]!.maps[m]!;
      expect(map).toMatchObject({ heads, queries, keys, promptKeys });
      const byHand = new Array<number>(queries * keys).fill(0);
      for (const snap of singles)
        for (let h = 0; h < heads; h++)
          for (let i = 0; i < queries * keys; i++)
            byHand[i]! += snap.maps[m]!.weights[h * queries * keys + i]! / (heads * test.length);
      for (let i = 0; i < byHand.length; i++) expect(map.mean[i]).toBeCloseTo(byHand[i]!, 5);
      // Shares are linear in the map: the mean of each sample's share.
      const shareByHand =
        singles.reduce((s, snap) => s + shareOnPrompts(snap.maps[m]!), 0) / test.length;
      expect(map.shares.prompts).toBeCloseTo(shareByHand, 5);
      expect(map.shares.prompts + map.shares.tokens).toBeCloseTo(1, 5);
    }
    const a2v = singles.reduce((s, snap) => s + snap.promptShare.audioToVisual, 0) / test.length;
    expect(averaged.promptShare.audioToVisual).toBeCloseTo(a2v, 5);
    model.dispose();
  });

  it('gives the same maps for the same seed, and frees every tensor it makes', async () => {
    const model = new AVModel(microConfig(), 4);
    model.setMethod('pl', 'noisy_both');
    const opts = {
      indices: source.indices('test'),
      case: 'noisy_both' as const,
      prompting: 'situation' as const,
      corruption,
      seed: 9,
      batchSize: 4,
    };
    const before = tf.memory().numTensors;
    const a = await averageAttention(model, source, opts);
    expect(tf.memory().numTensors).toBe(before);
    const b = await averageAttention(model, source, opts);
    expect(b.maps.map((m) => m.mean)).toEqual(a.maps.map((m) => m.mean));
    const other = await averageAttention(model, source, { ...opts, seed: 10 });
    expect(other.maps[0]!.mean).not.toEqual(a.maps[0]!.mean);
    model.dispose();
  });

  it('an FT model has no prompt keys: everything goes to tokens', async () => {
    const model = new AVModel(microConfig(), 5);
    model.setMethod('ft');
    const ft = await averageAttention(model, source, {
      indices: [0, 1],
      case: 'complete',
      prompting: 'situation',
      corruption,
      seed: 1,
    });
    expect(ft.maps.every((m) => m.promptKeys === 0 && m.shares.prompts === 0)).toBe(true);
    expect(ft.maps.every((m) => Math.abs(m.shares.tokens - 1) < 1e-5)).toBe(true);
    model.dispose();
  });

  it('refuses an empty sample list', async () => {
    const model = new AVModel(microConfig(), 5);
    await expect(
      averageAttention(model, source, {
        indices: [],
        case: 'complete',
        prompting: 'situation',
        corruption,
        seed: 1,
      }),
    ).rejects.toThrow('no sample to average');
    model.dispose();
  });
});

function shareOnPrompts(map: {
  heads: number;
  queries: number;
  keys: number;
  promptKeys: number;
  weights: number[];
}): number {
  let on = 0;
  for (let row = 0; row < map.heads * map.queries; row++)
    for (let k = 0; k < map.promptKeys; k++) on += map.weights[row * map.keys + k]!;
  return on / (map.heads * map.queries);
}
