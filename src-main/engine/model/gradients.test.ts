import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { microConfig } from '../../../tests/support/engine/micro';
import { useTestBackend } from '../../../tests/support/engine/setup';
import { crossEntropy } from '../train/loss';
import { attend } from './attention';
import { gelu } from './gelu';
import { linear } from './linear';
import { AVModel } from './model';
import { layerNorm } from './norm';
import type { Param } from './params';

beforeAll(useTestBackend);

const param = (name: string, t: tf.Tensor, trainable: boolean): Param => ({
  name,
  group: 'backbone',
  variable: tf.variable(t, trainable),
  trainable,
});

function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => a.sub(b).abs().max().dataSync()[0]!);
}

describe('hand-written gradients', () => {
  it('linear, LayerNorm and GELU match tfjs autodiff of the plain formulas', () => {
    const x = tf.randomNormal([6, 5], 0, 1, 'float32', 1);
    const w = param('w', tf.randomNormal([5, 4], 0, 1, 'float32', 2), true);
    const b = param('b', tf.randomNormal([4], 0, 1, 'float32', 3), true);
    const g = param('g', tf.randomNormal([4], 1, 0.2, 'float32', 4), true);
    const beta = param('beta', tf.randomNormal([4], 0, 0.2, 'float32', 5), true);
    const ours = (xi: tf.Tensor) => gelu(layerNorm(linear(xi, w, b), g, beta)).sum() as tf.Scalar;
    const plain = (xi: tf.Tensor) => {
      const h = tf.matMul(xi as tf.Tensor2D, w.variable as tf.Tensor2D).add(b.variable);
      const mean = h.mean(-1, true);
      const v = h.sub(mean).square().mean(-1, true);
      const n = h.sub(mean).div(v.add(1e-6).sqrt()).mul(g.variable).add(beta.variable);
      const t = n
        .add(n.pow(3).mul(0.044715))
        .mul(Math.sqrt(2 / Math.PI))
        .tanh();
      return n.mul(t.add(1)).mul(0.5).sum() as tf.Scalar;
    };
    const vars = [w.variable, b.variable, g.variable, beta.variable];
    const a = tf.variableGrads(() => ours(x), vars);
    const e = tf.variableGrads(() => plain(x), vars);
    expect(Math.abs(a.value.dataSync()[0]! - e.value.dataSync()[0]!)).toBeLessThan(1e-4);
    for (const v of vars) expect(maxAbsDiff(a.grads[v.name]!, e.grads[v.name]!)).toBeLessThan(1e-4);
    const dxOurs = tf.grad(ours)(x);
    const dxPlain = tf.grad(plain)(x);
    expect(maxAbsDiff(dxOurs, dxPlain)).toBeLessThan(1e-4);
  });

  it('the fused attention node matches autodiff of the plain attention', () => {
    const q = tf.randomNormal([2, 5, 8], 0, 1, 'float32', 31);
    const k = tf.randomNormal([2, 7, 8], 0, 1, 'float32', 32);
    const v = tf.randomNormal([2, 7, 8], 0, 1, 'float32', 33);
    const w = tf.randomNormal([2, 5, 8], 0, 1, 'float32', 34);
    const loss = (keep: boolean) => (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) =>
      attend(a, b, c, 2, keep).out.mul(w).sum();
    const fused = tf.grads(loss(false))([q, k, v]);
    const plain = tf.grads(loss(true))([q, k, v]);
    expect(maxAbsDiff(loss(false)(q, k, v), loss(true)(q, k, v))).toBeLessThan(1e-5);
    fused.forEach((g, i) => {
      expect(maxAbsDiff(g, plain[i]!)).toBeLessThan(1e-5);
    });
  });

  it('frozen linear / LayerNorm still pass the input gradient through', () => {
    const x = tf.randomNormal([3, 4], 0, 1, 'float32', 7);
    const w = param('w', tf.randomNormal([4, 4], 0, 1, 'float32', 8), false);
    const b = param('b', tf.zeros([4]), false);
    const g = param('g', tf.ones([4]), false);
    const dFrozen = tf.grad((xi: tf.Tensor) =>
      layerNorm(linear(xi, w, b), g, b)
        .square()
        .sum(),
    )(x);
    w.trainable = true;
    g.trainable = true;
    b.trainable = true;
    const dTrainable = tf.grad((xi: tf.Tensor) =>
      layerNorm(linear(xi, w, b), g, b)
        .square()
        .sum(),
    )(x);
    expect(maxAbsDiff(dFrozen, dTrainable)).toBeLessThan(1e-5);
  });

  it('analytic gradient of one prompt element matches a central finite difference', () => {
    for (const mode of ['deep', 'readonly'] as const) {
      const model = new AVModel({ ...microConfig(), inputPromptMode: mode }, 3);
      model.setMethod('pl', 'noisy_audio');
      const audio = tf.randomNormal([2, 8, 8], 0, 1, 'float32', 11) as tf.Tensor3D;
      const visual = tf.randomNormal([2, 8, 8, 1], 0, 1, 'float32', 12) as tf.Tensor4D;
      const labels = tf.tensor1d([0, 2], 'int32');
      const loss = () => crossEntropy(model.forward(audio, visual), labels);
      for (const name of [
        'prompts.noisy_audio.audio_input',
        'prompts.noisy_audio.fusion.0.visual_attention',
      ]) {
        const p = model.params.get(name).variable;
        const { grads } = tf.variableGrads(loss, [p]);
        const analytic = grads[p.name]!.dataSync()[3]!;
        const base = p.dataSync().slice();
        // Prompts start near zero and pass a LayerNorm, so curvature is high: keep the step small.
        const eps = 1e-3;
        const at = (delta: number) => {
          const moved = base.slice();
          moved[3] = moved[3]! + delta;
          p.assign(tf.tensor(moved, p.shape));
          return tf.tidy(() => loss().dataSync()[0]!);
        };
        const numeric = (at(eps) - at(-eps)) / (2 * eps);
        p.assign(tf.tensor(base, p.shape));
        expect(Math.abs(analytic)).toBeGreaterThan(1e-5); // the prompt does reach the loss
        expect(Math.abs(analytic - numeric)).toBeLessThan(5e-4 + 0.01 * Math.abs(numeric));
      }
      model.dispose();
    }
  });
});
