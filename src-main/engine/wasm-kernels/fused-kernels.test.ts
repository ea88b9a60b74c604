import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { microConfig } from '../../../tests/support/engine/micro';
import { useTestBackend } from '../../../tests/support/engine/setup';
import { attentionCore, mergeHeads, splitHeads } from '../model/attention-op';
import { gelu } from '../model/gelu';
import { AVModel } from '../model/model';
import { layerNorm } from '../model/norm';
import type { Param } from '../model/params';
import { Rng } from '../rng';
import { crossEntropy } from '../train/loss';
import { AdamOptimizer } from '../train/optimizer';
import { fusedKernelsActive, setFusedKernels } from './fused-kernels';
import { loadNativeBlas } from './native-blas';

const { blas, reason } = loadNativeBlas();
// The newest of the fused functions: an addon that has it has them all.
const built = !!blas?.adamStep;
const why = blas ? 'the addon was built before the fused kernels (npm run build:blas)' : reason;

const rng = new Rng(5);
const rand = (shape: number[], scale = 1) =>
  tf.tensor(
    Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => scale * rng.normal()),
    shape,
  );

/** Values and gradients of `f` with the fused kernels on or off. */
function run(fused: boolean, f: () => tf.Tensor[]): Float32Array[] {
  setFusedKernels(fused);
  return tf.tidy(f).map((t) => {
    const d = Float32Array.from(t.dataSync());
    t.dispose();
    return d;
  });
}

/**
 * Max |a − b| over each array, relative to the array's largest |b| but never to less than
 * `floor`: some gradients are exactly zero in exact arithmetic (a key bias under softmax) and
 * both paths return rounding noise there.
 */
function expectClose(a: Float32Array[], b: Float32Array[], tolerance: number, floor = 1e-6): void {
  expect(a.length).toBe(b.length);
  a.forEach((x, k) => {
    const y = b[k]!;
    expect(x.length).toBe(y.length);
    let scale = floor;
    let diff = 0;
    for (let i = 0; i < x.length; i++) {
      scale = Math.max(scale, Math.abs(y[i]!));
      diff = Math.max(diff, Math.abs(x[i]! - y[i]!));
    }
    expect(diff / scale).toBeLessThan(tolerance);
  });
}

const param = (name: string, t: tf.Tensor, trainable: boolean): Param => ({
  name,
  group: 'backbone',
  variable: tf.variable(t, trainable),
  trainable,
});

describe.skipIf(!built)(built ? 'fused kernels' : `fused kernels: skipped, ${why}`, () => {
  beforeAll(useTestBackend);
  afterAll(() => setFusedKernels(true));

  it('are what GELU and LayerNorm run on wasm when the addon has them', () => {
    setFusedKernels(true);
    expect(fusedKernelsActive()).toBe(true);
  });

  it('GELU: value and gradient match the chain of tf ops, over the range that matters', () => {
    const x = rand([3, 37, 29], 3); // |x| up to ~12: both tails of the sigmoid
    const dy = rand([3, 37, 29]);
    const f = () => {
      const { value, grads } = tf.valueAndGrads((t: tf.Tensor) => gelu(t).mul(dy).sum())([x]);
      return [gelu(x), value, ...grads];
    };
    expectClose(run(true, f), run(false, f), 1e-5);
  });

  it('LayerNorm: value, input and parameter gradients match, trainable and frozen', () => {
    const x = rand([45, 33], 2).add(3); // an offset mean, as activations have
    const dy = rand([45, 33]);
    for (const trainable of [true, false]) {
      const gain = param('backbone.n.weight', rand([33], 0.5).add(1), trainable);
      const bias = param('backbone.n.bias', rand([33], 0.1), trainable);
      const vars = trainable ? [gain.variable, bias.variable] : [];
      const xv = tf.variable(x, true);
      const f = () => {
        const { value, grads } = tf.variableGrads(
          () => layerNorm(xv, gain, bias).mul(dy).sum() as tf.Scalar,
          [xv, ...vars],
        );
        return [layerNorm(x, gain, bias), value, ...[xv, ...vars].map((v) => grads[v.name]!)];
      };
      expectClose(run(true, f), run(false, f), 1e-5);
      gain.variable.dispose();
      bias.variable.dispose();
      xv.dispose();
    }
  });

  it('attention: output and q, k, v gradients match the chain of tf ops', () => {
    // Uneven lengths and scores spread wide enough that the softmax rows are far from uniform.
    const q = rand([3, 11, 16], 3);
    const k = rand([3, 13, 16], 3);
    const v = rand([3, 13, 16]);
    const dy = rand([3, 11, 16]);
    const f = () => {
      const { value, grads } = tf.valueAndGrads((qi: tf.Tensor, ki: tf.Tensor, vi: tf.Tensor) =>
        attentionCore(qi, ki, vi, 4).mul(dy).sum(),
      )([q, k, v]);
      return [attentionCore(q, k, v, 4), value, ...grads];
    };
    expectClose(run(true, f), run(false, f), 1e-5);
  });

  it('the heads’ split and merge are exact inverses, and exact under a gradient', () => {
    const x = rand([2, 5, 12]);
    const dy = rand([6, 5, 4]);
    const f = () => {
      const split = splitHeads(x, 3);
      const grad = tf.grad((t: tf.Tensor) => splitHeads(t, 3).mul(dy).sum())(x);
      return [split, mergeHeads(split, 2, 3), grad];
    };
    const fused = run(true, f);
    expect(fused).toEqual(run(false, f));
    expect(fused[1]).toEqual(x.dataSync());
  });

  it('Adam and AdamW: three steps with clipped gradients match the chain of tf ops', () => {
    // A matrix (decays) and a vector (never decays); gradients of mixed scale, clipped by a
    // factor below 1, and a learning rate that changes between steps as a schedule's does.
    const shapes = { 'head.w': [7, 5], 'head.b': [5] };
    const initial = Object.entries(shapes).map(([name, shape]) => [name, rand(shape)] as const);
    const grads = [0, 1, 2].map(
      () => new Map(Object.entries(shapes).map(([name, shape]) => [name, rand(shape, 3)])),
    );
    const scale = tf.scalar(0.37);
    for (const decoupled of [true, false]) {
      const runSteps = (fused: boolean) => {
        setFusedKernels(fused);
        const params = initial.map(([name, t]) => param(name, t, true));
        const opt = new AdamOptimizer(params, { weightDecay: 0.05, decoupled });
        for (const [i, g] of grads.entries()) opt.apply(g, 1e-2 / (i + 1), i === 1 ? null : scale);
        const out = [...params.map((p) => p.variable), ...opt.m.values(), ...opt.v.values()].map(
          (t) => Float32Array.from(t.dataSync()),
        );
        for (const p of params) p.variable.dispose();
        opt.dispose();
        return out;
      };
      const fused = runSteps(true);
      const ops = runSteps(false);
      expectClose(fused, ops, 1e-6);
      // Not a no-op: the params moved.
      expect(fused[0]).not.toEqual(initial[0]![1].dataSync());
    }
    scale.dispose();
  });

  it('a whole model’s logits and gradients match with and without them', () => {
    const model = new AVModel(microConfig(), 3);
    const audio = rand([4, 8, 8]) as tf.Tensor3D;
    const visual = rand([4, 8, 8, 1]) as tf.Tensor4D;
    const labels = tf.tensor1d([0, 1, 2, 0], 'int32');
    const vars = model.trainableParams().map((p) => p.variable);
    const f = () => {
      const { value, grads } = tf.variableGrads(
        () => crossEntropy(model.forward(audio, visual), labels),
        vars,
      );
      return [value, ...vars.map((v) => grads[v.name]!)];
    };
    expectClose(run(true, f), run(false, f), 1e-4, 1e-2);
    model.dispose();
  });
});
