import * as tf from '@tensorflow/tfjs';
import { sampleTensorMemory } from '../memory';
import { customOp } from './custom-op';

/** [B, L, d] → [B·H, L, d/H], kept at rank 4 (wasm transposes of rank ≥ 5 are slow). */
export function splitHeads(x: tf.Tensor, heads: number): tf.Tensor3D {
  const [B, L, d] = x.shape as [number, number, number];
  return x
    .reshape([B, L, heads, d / heads]) // [B, L, H, hd]
    .transpose([0, 2, 1, 3]) // [B, H, L, hd]
    .reshape([B * heads, L, d / heads]) as tf.Tensor3D; // [B·H, L, hd]
}

/** [B·H, L, hd] → [B, L, d]. */
export function mergeHeads(x: tf.Tensor, batch: number, heads: number): tf.Tensor3D {
  const [, L, hd] = x.shape as [number, number, number];
  return x
    .reshape([batch, heads, L, hd]) // [B, H, L, hd]
    .transpose([0, 2, 1, 3]) // [B, L, H, hd]
    .reshape([batch, L, heads * hd]) as tf.Tensor3D; // [B, L, d]
}

const cores = new Map<number, (q: tf.Tensor, k: tf.Tensor, v: tf.Tensor) => tf.Tensor>();

/**
 * softmax(q·kᵀ/√hd)·v over heads, as one tape node: q [B, Lq, d], k, v [B, Lk, d] → [B, Lq, d].
 * Only the split q, k, v and the probabilities are kept for the backward pass (the raw and
 * scaled scores are freed at once), and the backward is written with plain products:
 *   dV = Pᵀ·dO,  dP = dO·Vᵀ,  dS = P ⊙ (dP − rowsum(dP ⊙ P)),  dQ = dS·K/√hd,  dK = dSᵀ·Q/√hd.
 */
export function attentionCore(q: tf.Tensor, k: tf.Tensor, v: tf.Tensor, heads: number): tf.Tensor {
  let core = cores.get(heads);
  if (!core) {
    core = customOp(([qi, ki, vi], save) => {
      const B = qi!.shape[0]!;
      const scale = 1 / Math.sqrt(qi!.shape[2]! / heads);
      const qh = splitHeads(qi!, heads); // [B·H, Lq, hd]
      const kh = splitHeads(ki!, heads); // [B·H, Lk, hd]
      const vh = splitHeads(vi!, heads); // [B·H, Lk, hd]
      const probs = tf.softmax(tf.matMul(qh, kh, false, true).mul(scale)); // [B·H, Lq, Lk]
      save([qh, kh, vh, probs]);
      return {
        value: mergeHeads(tf.matMul(probs, vh), B, heads),
        gradFunc: (dy, [qs, ks, vs, ps]) => {
          sampleTensorMemory();
          const dOut = splitHeads(dy, heads); // [B·H, Lq, hd]
          // dV and dK are formed transposed ([hd, Lk] per head) so that only the small q / dO
          // operands get transposed, never the [Lq, Lk] probability-sized ones.
          const dVt = tf.matMul(dOut, ps!, true, false); // [B·H, hd, Lk] = dOᵀ·P
          const dP = tf.matMul(dOut, vs!, false, true); // [B·H, Lq, Lk]
          const dS = ps!.mul(dP.sub(dP.mul(ps!).sum(-1, true))).mul(scale);
          const dQ = tf.matMul(dS, ks!); // [B·H, Lq, hd]
          const dKt = tf.matMul(qs!, dS, true, false); // [B·H, hd, Lk] = Qᵀ·dS
          const dK = dKt.transpose([0, 2, 1]); // [B·H, Lk, hd]
          const dV = dVt.transpose([0, 2, 1]);
          return [mergeHeads(dQ, B, heads), mergeHeads(dK, B, heads), mergeHeads(dV, B, heads)];
        },
      };
    });
    cores.set(heads, core);
  }
  return core(q, k, v);
}
