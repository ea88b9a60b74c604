import * as tf from '@tensorflow/tfjs';

/**
 * Mean softmax cross-entropy of logits [B, C] against integer labels [B], with label smoothing
 * ε: the target is (1 − ε)·onehot + ε/C.
 */
export function crossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D, smoothing = 0): tf.Scalar {
  const C = logits.shape[1];
  const target = tf
    .oneHot(labels, C)
    .toFloat()
    .mul(1 - smoothing)
    .add(smoothing / C); // [B, C]
  return tf.logSoftmax(logits).mul(target).sum(1).mean().neg() as tf.Scalar;
}

/** Global-norm clipping: scales every gradient by min(1, maxNorm / ‖g‖). */
export function clipByGlobalNorm(
  grads: Map<string, tf.Tensor>,
  maxNorm: number,
): Map<string, tf.Tensor> {
  if (maxNorm <= 0) return grads;
  const norm = tf.addN([...grads.values()].map((g) => g.square().sum())).sqrt();
  const scale = tf.minimum(1, tf.div(maxNorm, norm.add(1e-6)));
  const out = new Map<string, tf.Tensor>();
  for (const [name, g] of grads) out.set(name, g.mul(scale));
  return out;
}
