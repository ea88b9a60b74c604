import * as tf from '@tensorflow/tfjs';
import { customOp } from '../model/custom-op';

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

/**
 * Mean sigmoid binary cross-entropy of logits [B, C] against k-hot targets [B, C], averaged over
 * samples and classes (PyTorch's BCEWithLogitsLoss, as AudioSet models train), with binary label
 * smoothing ε: targets become (1 − ε)·t + ε/2. From logits, in the stable form
 * max(x, 0) − x·t + log(1 + e^−|x|), so no probability is ever rounded to 0 or 1 before the log.
 */
export function binaryCrossEntropy(
  logits: tf.Tensor2D,
  targets: tf.Tensor2D,
  smoothing = 0,
): tf.Scalar {
  const t = smoothing === 0 ? targets : targets.mul(1 - smoothing).add(smoothing / 2);
  return stableBce(logits, t as tf.Tensor2D);
}

/**
 * The loss with its exact gradient (σ(x) − t) / (B·C): the stable form's own gradient would be
 * wrong at x = 0 exactly (relu and |x| have a zero derivative there), where a zero-initialised
 * head puts every logit.
 */
const stableBceOp = customOp(([x, t], save) => {
  save([x!, t!]);
  const value = tf
    .relu(x!)
    .sub(x!.mul(t!))
    .add(tf.log1p(tf.exp(x!.abs().neg())))
    .mean();
  return {
    value,
    gradFunc: (dy, saved) => {
      const [xs, ts] = saved as [tf.Tensor, tf.Tensor];
      const scale = dy.div(xs.size);
      return [tf.sigmoid(xs).sub(ts).mul(scale), xs.neg().mul(scale)];
    },
  };
});
const stableBce = (logits: tf.Tensor2D, targets: tf.Tensor2D) =>
  stableBceOp(logits, targets) as tf.Scalar;

/**
 * Global-norm clipping's factor min(1, maxNorm / ‖g‖) over all gradients, for the optimizer to
 * apply (it folds the multiply into its update); null when clipping is off (maxNorm ≤ 0).
 */
export function globalNormScale(grads: Map<string, tf.Tensor>, maxNorm: number): tf.Scalar | null {
  if (maxNorm <= 0) return null;
  const norm = tf.addN([...grads.values()].map((g) => g.square().sum())).sqrt();
  return tf.minimum(1, tf.div(maxNorm, norm.add(1e-6))) as tf.Scalar;
}
