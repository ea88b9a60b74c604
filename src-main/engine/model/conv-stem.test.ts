import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { microConfig } from '../../../tests/support/engine/micro';
import { useTestBackend } from '../../../tests/support/engine/setup';
import { Rng } from '../rng';
import { modelConfigForPreset } from './config';
import { embedInputWidth, stemChannels } from './conv-stem';
import { gelu } from './gelu';
import { type ConvGeometry, col2imArray, im2col, im2colArray } from './im2col';
import { linear } from './linear';
import { AVModel } from './model';
import type { Param } from './params';
import { relu } from './relu';

beforeAll(useTestBackend);

const G: ConvGeometry = { kernel: 3, stride: 2, pad: 1 };
const randoms = (n: number, seed: number) => {
  const rng = new Rng(seed);
  return Float32Array.from({ length: n }, () => rng.normal());
};
const param = (name: string, t: tf.Tensor): Param => ({
  name,
  group: 'backbone',
  variable: tf.variable(t, true),
  trainable: true,
});

describe('im2col convolution', () => {
  it('im2col · W equals tf.conv2d (3×3, stride 2, pad 1) on odd sizes', () => {
    const shape: [number, number, number, number] = [2, 5, 6, 2];
    const x = tf.tensor4d(randoms(2 * 5 * 6 * 2, 1), shape);
    const w = tf.tensor4d(randoms(3 * 3 * 2 * 3, 2), [3, 3, 2, 3]); // HWIO
    const expected = tf.conv2d(
      tf.pad(x, [
        [0, 0],
        [1, 1],
        [1, 1],
        [0, 0],
      ]),
      w,
      2,
      'valid',
    );
    const ours = tf.matMul(im2col(x, G), w.reshape([18, 3])).reshape(expected.shape); // [B·3·3, 3] → [B, 3, 3, 3]
    expect(expected.shape).toEqual([2, 3, 3, 3]);
    expect(tf.max(tf.abs(ours.sub(expected))).dataSync()[0]).toBeLessThan(1e-5);
  });

  it('col2im is the adjoint of im2col: <im2col(x), c> = <x, col2im(c)>', () => {
    const shape: [number, number, number, number] = [1, 7, 4, 3];
    const x = randoms(7 * 4 * 3, 3);
    const cols = im2colArray(x, shape, G);
    const c = randoms(cols.length, 4);
    const back = col2imArray(c, shape, G);
    let lhs = 0;
    let rhs = 0;
    for (let i = 0; i < cols.length; i++) lhs += cols[i]! * c[i]!;
    for (let i = 0; i < x.length; i++) rhs += x[i]! * back[i]!;
    expect(Math.abs(lhs - rhs)).toBeLessThan(1e-4 * Math.abs(lhs) + 1e-4);
  });

  it('gradients of GELU(conv) match central finite differences in x and W', () => {
    const shape: [number, number, number, number] = [1, 4, 5, 2];
    const x = tf.variable(tf.tensor4d(randoms(40, 5), shape));
    const w = param('w', tf.tensor2d(randoms(18 * 3, 6), [18, 3]).mul(0.5));
    const b = param('b', tf.tensor1d([0.1, -0.2, 0.3]));
    const r = tf.tensor2d(randoms(2 * 3 * 3, 7), [6, 3]); // weights of the scalar loss
    const loss = () =>
      gelu(linear(im2col(x as tf.Tensor4D, G), w, b))
        .mul(r)
        .sum() as tf.Scalar;
    const { grads } = tf.variableGrads(loss, [x, w.variable]);
    const picked: [tf.Variable, number[]][] = [
      [x, [0, 7, 13, 39]],
      [w.variable, [0, 11, 30, 53]],
    ];
    for (const [v, picks] of picked) {
      const analytic = grads[v.name]!.dataSync();
      const base = v.dataSync().slice();
      for (const i of picks) {
        const eps = 1e-2;
        const at = (delta: number) => {
          const moved = base.slice();
          moved[i] = moved[i]! + delta;
          v.assign(tf.tensor(moved, v.shape));
          return loss().dataSync()[0]!;
        };
        const numeric = (at(eps) - at(-eps)) / (2 * eps);
        v.assign(tf.tensor(base, v.shape));
        expect(Math.abs(analytic[i]! - numeric)).toBeLessThan(2e-3 + 0.01 * Math.abs(numeric));
      }
    }
  });
});

describe('convolutional stem', () => {
  it('ReLU node: value and gradient as tfjs autodiff of tf.relu', () => {
    const x = tf.tensor1d([-2, -0.5, 0.25, 3, -1e-3, 1e-3]);
    const w = tf.tensor1d([1, 2, 3, 4, 5, 6]);
    const ours = tf.grad((z: tf.Tensor) => relu(z).mul(w).sum())(x);
    const plain = tf.grad((z: tf.Tensor) => tf.relu(z).mul(w).sum())(x);
    expect(Array.from(ours.dataSync())).toEqual(Array.from(plain.dataSync()));
    expect(Array.from(relu(x).dataSync())).toEqual(Array.from(tf.relu(x).dataSync()));
  });

  it('keeps the token grid, changes the embedding width, and trains the stem weights', () => {
    const config = microConfig({ convStem: true }); // 8×8 inputs, patch 4: stem 8 → 4 → 2
    expect(stemChannels(config.dim)).toEqual([8, 16]);
    expect(embedInputWidth(config, config.audioPatch, 1)).toBe(1 * 1 * 16);
    const model = new AVModel(config, 1);
    expect(model.params.get('backbone.visual_stem.0.weight').variable.shape).toEqual([9, 8]);
    expect(model.params.get('backbone.visual_stem.1.weight').variable.shape).toEqual([72, 16]);
    expect(model.params.get('backbone.audio_embed.weight').variable.shape).toEqual([16, 16]);
    const audio = tf.randomNormal([2, 8, 8]) as tf.Tensor3D;
    const visual = tf.randomNormal([2, 8, 8, 1]) as tf.Tensor4D;
    expect(model.forward(audio, visual).shape).toEqual([2, 3]);
    const stem = model.params.get('backbone.audio_stem.0.weight').variable;
    const { grads } = tf.variableGrads(
      () => model.forward(audio, visual).square().sum() as tf.Scalar,
      [stem],
    );
    expect(tf.max(tf.abs(grads[stem.name]!)).dataSync()[0]).toBeGreaterThan(0);
    model.dispose();
  });

  it('refuses a patch the stem cannot divide', () => {
    expect(() =>
      modelConfigForPreset('tiny', {
        numClasses: 2,
        audioFrames: 8,
        melBins: 8,
        imageSize: 8,
        imageChannels: 1,
        imagePatch: 6,
        convStem: true,
      }),
    ).toThrow(/imagePatch divisible by 4/);
  });
});
