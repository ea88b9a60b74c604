import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestBackend } from '../../../tests/support/engine/setup';
import { binaryCrossEntropy } from './loss';
import { taskLoss } from './task-loss';

beforeAll(useTestBackend);

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
/** −[t·log σ(x) + (1 − t)·log(1 − σ(x))], written out. */
const bce = (x: number, t: number) =>
  -(t * Math.log(sigmoid(x)) + (1 - t) * Math.log(1 - sigmoid(x)));

describe('binary cross-entropy from logits', () => {
  const x = [
    [2, -1, 0],
    [0.5, 3, -2],
  ];
  const t = [
    [1, 0, 1],
    [0, 1, 1],
  ];

  it('is the mean over samples and classes of the textbook formula', () => {
    const expected = x.flat().reduce((s, xi, i) => s + bce(xi, t.flat()[i]!), 0) / 6;
    const loss = binaryCrossEntropy(tf.tensor2d(x), tf.tensor2d(t));
    expect(loss.dataSync()[0]).toBeCloseTo(expected, 5);
  });

  it('stays finite where the probability rounds to 0 or 1', () => {
    const loss = binaryCrossEntropy(tf.tensor2d([[200, -200]]), tf.tensor2d([[0, 1]]));
    // Each term is ≈ 200: log(1 − σ(200)) would be log(0) = −∞ in float32.
    expect(loss.dataSync()[0]).toBeCloseTo(200, 2);
  });

  it('smooths targets to (1 − ε)·t + ε/2', () => {
    const eps = 0.2;
    const expected =
      x.flat().reduce((s, xi, i) => s + bce(xi, t.flat()[i]! * (1 - eps) + eps / 2), 0) / 6;
    const loss = binaryCrossEntropy(tf.tensor2d(x), tf.tensor2d(t), eps);
    expect(loss.dataSync()[0]).toBeCloseTo(expected, 5);
  });

  it('has the gradient (σ(x) − t) / (B·C), at x = 0 too, matching finite differences', () => {
    const logits = tf.variable(tf.tensor2d(x));
    const targets = tf.tensor2d(t);
    const g = tf.grad((l: tf.Tensor) => binaryCrossEntropy(l as tf.Tensor2D, targets))(logits);
    const grad = g.dataSync();
    const h = 1e-3;
    x.flat().forEach((xi, i) => {
      const ti = t.flat()[i]!;
      expect(grad[i]).toBeCloseTo((sigmoid(xi) - ti) / 6, 6);
      const numeric = (bce(xi + h, ti) - bce(xi - h, ti)) / (2 * h) / 6;
      expect(grad[i]).toBeCloseTo(numeric, 5);
    });
    // x = 0 (where a zero-initialised head starts): σ(0) − 1 = −0.5, not the −1 of relu/|x|.
    expect(grad[2]).toBeCloseTo(-0.5 / 6, 6);
  });

  it('taskLoss picks BCE when the batch has targets and cross-entropy otherwise', () => {
    const logits = tf.tensor2d(x);
    const labels = tf.tensor1d([0, 1], 'int32');
    const withTargets = taskLoss(logits, labels, tf.tensor2d(t)).dataSync()[0]!;
    expect(withTargets).toBeCloseTo(binaryCrossEntropy(logits, tf.tensor2d(t)).dataSync()[0]!, 6);
    const softmaxCe = (row: number[], label: number) =>
      Math.log(row.reduce((s, v) => s + Math.exp(v), 0)) - row[label]!;
    expect(taskLoss(logits, labels, null).dataSync()[0]).toBeCloseTo(
      (softmaxCe(x[0]!, 0) + softmaxCe(x[1]!, 1)) / 2,
      5,
    );
  });
});
