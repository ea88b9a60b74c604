import type * as tf from '@tensorflow/tfjs';
import { binaryCrossEntropy, crossEntropy } from './loss';

/** Something the engine does for single-label tasks only, asked of a multi-label one. */
export class MultiLabelUnsupportedError extends Error {
  constructor(what: string, why: string) {
    super(`${what} is not available for multi-label datasets: ${why}`);
    this.name = 'MultiLabelUnsupportedError';
  }
}

/**
 * The loss that fits the batch's task: sigmoid + binary cross-entropy against k-hot `targets`
 * when the batch has them (multi-label), else softmax cross-entropy against `labels`.
 */
export function taskLoss(
  logits: tf.Tensor2D,
  labels: tf.Tensor1D,
  targets: tf.Tensor2D | null,
  smoothing = 0,
): tf.Scalar {
  return targets
    ? binaryCrossEntropy(logits, targets, smoothing)
    : crossEntropy(logits, labels, smoothing);
}
