import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestBackend } from '../../../tests/support/engine/setup';
import { Rng } from '../rng';
import { geluOf } from './gelu-erf';
import { layerNorm } from './norm';
import { ParamStore } from './params';

beforeAll(useTestBackend);

describe('CAV-MAE numerics', () => {
  it('exact GELU: x·Φ(x) at known points, and its gradient Φ(x) + x·φ(x)', () => {
    const xs = [-3, -0.5, 0, 1, 2];
    const cdf = [0.0013499, 0.3085375, 0.5, 0.8413447, 0.9772499]; // Φ(x), normal tables
    const phi = (v: number) => Math.exp((-v * v) / 2) / Math.sqrt(2 * Math.PI);
    const x = tf.tensor1d(xs);
    const y = geluOf('erf')(x).dataSync();
    const grad = tf
      .grad((t: tf.Tensor) => geluOf('erf')(t).sum())(x)
      .dataSync();
    for (let i = 0; i < xs.length; i++) {
      expect(y[i]).toBeCloseTo(xs[i]! * cdf[i]!, 6);
      expect(grad[i]).toBeCloseTo(cdf[i]! + xs[i]! * phi(xs[i]!), 5);
    }
    // The tanh form differs from it: the option is not a no-op.
    const tanh = geluOf('tanh')(tf.scalar(-3)).dataSync()[0]!;
    expect(Math.abs(tanh - -3 * cdf[0]!)).toBeGreaterThan(1e-4);
  });

  it('LayerNorm with eps 1e-5 matches the formula where eps matters (tiny variance)', () => {
    const p = new ParamStore(new Rng(1));
    p.addNorm('backbone.n', 4);
    const row = [1e-3, -2e-3, 0.5e-3, 3e-3];
    const y = layerNorm(
      tf.tensor2d([row]),
      p.get('backbone.n.weight'),
      p.get('backbone.n.bias'),
      1e-5,
    ).dataSync();
    const mean = row.reduce((a, b) => a + b) / 4;
    const variance = row.reduce((a, b) => a + (b - mean) ** 2, 0) / 4;
    for (let i = 0; i < 4; i++)
      expect(y[i]).toBeCloseTo((row[i]! - mean) / Math.sqrt(variance + 1e-5), 5);
    const base = layerNorm(
      tf.tensor2d([row]),
      p.get('backbone.n.weight'),
      p.get('backbone.n.bias'),
      1e-6,
    ).dataSync();
    expect(Math.abs(base[0]! - y[0]!)).toBeGreaterThan(0.05);
    p.dispose();
  });
});
