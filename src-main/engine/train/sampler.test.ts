import { describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import { balancedWeights, epochSampler, uniformSampler, weightedSampler } from './sampler';

describe('epoch samplers', () => {
  it('uniform is the seeded permutation training always drew', () => {
    expect(uniformSampler(7).draw(new Rng(3))).toEqual(new Rng(3).permutation(7));
  });

  it('weighs a sample by the sum over its labels of 1 / label frequency', () => {
    // Class 0 on 3 samples, class 1 on 2, class 2 on 1.
    const w = balancedWeights([[0], [0], [0, 1], [1, 2]], 3);
    expect([...w]).toEqual([1 / 3, 1 / 3, 1 / 3 + 1 / 2, 1 / 2 + 1]);
    expect(() => balancedWeights([[0], []], 1)).toThrow(/sample 1 has no label/);
  });

  it('draws samples in proportion to their weights, with replacement', () => {
    const weights = Float64Array.from([1, 2, 5, 0]);
    const sampler = weightedSampler(weights);
    const rng = new Rng(11);
    const counts = [0, 0, 0, 0];
    const epochs = 2000;
    for (let e = 0; e < epochs; e++) for (const i of sampler.draw(rng)) counts[i]!++;
    const draws = epochs * weights.length;
    // Expected shares 1/8, 2/8, 5/8, 0; 8000 draws: a share's std is ≤ 0.0055.
    expect(counts[0]! / draws).toBeCloseTo(1 / 8, 1);
    expect(Math.abs(counts[1]! / draws - 2 / 8)).toBeLessThan(0.02);
    expect(Math.abs(counts[2]! / draws - 5 / 8)).toBeLessThan(0.02);
    expect(counts[3]).toBe(0);
  });

  it('balances a skewed single-label split: each class is drawn about equally', () => {
    // 90 samples of class 0, 10 of class 1: uniform draws class 1 a tenth of the time.
    const labels = Array.from({ length: 100 }, (_, i) => (i < 90 ? 0 : 1));
    const source = {
      classes: ['a', 'b'],
      labelsOf: (i: number) => [labels[i]!],
    } as unknown as Parameters<typeof epochSampler>[1];
    const trainIdx = Int32Array.from(labels.keys());
    const sampler = epochSampler('balanced', source, trainIdx);
    const rng = new Rng(5);
    let rare = 0;
    const epochs = 100;
    for (let e = 0; e < epochs; e++) for (const i of sampler.draw(rng)) if (labels[i] === 1) rare++;
    expect(Math.abs(rare / (epochs * 100) - 0.5)).toBeLessThan(0.02);
  });

  it('is seeded: the same RNG state draws the same epoch', () => {
    const sampler = weightedSampler(Float64Array.from([1, 3, 2]));
    expect(sampler.draw(new Rng(8))).toEqual(sampler.draw(new Rng(8)));
    const source = { classes: ['a'] } as unknown as Parameters<typeof epochSampler>[1];
    expect(() => epochSampler('balanced', source, Int32Array.from([0]))).toThrow(/labelsOf/);
  });
});
