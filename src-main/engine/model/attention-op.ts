import * as tf from '@tensorflow/tfjs';
import { sampleTensorMemory } from '../memory';
import { FUSED, fusedKernelsActive } from '../wasm-kernels/fused-kernels';
import { matmulStatus } from '../wasm-kernels/matmul-path';
import { customOp } from './custom-op';

/** [a, b, c, d] → [a, c, b, d]: one native pass when the fused kernels are on. */
function swapMiddle(x: tf.Tensor): tf.Tensor {
  return fusedKernelsActive()
    ? (tf.engine().runKernel(FUSED.transpose0213, { x }) as tf.Tensor)
    : x.transpose([0, 2, 1, 3]);
}

/** [B, L, d] → [B·H, L, d/H], kept at rank 4 (wasm transposes of rank ≥ 5 are slow). */
export function splitHeads(x: tf.Tensor, heads: number): tf.Tensor3D {
  const [B, L, d] = x.shape as [number, number, number];
  const perHead = swapMiddle(x.reshape([B, L, heads, d / heads])); // [B, H, L, hd]
  return perHead.reshape([B * heads, L, d / heads]) as tf.Tensor3D; // [B·H, L, hd]
}

/** [B·H, L, hd] → [B, L, d]. */
export function mergeHeads(x: tf.Tensor, batch: number, heads: number): tf.Tensor3D {
  const [, L, hd] = x.shape as [number, number, number];
  const perToken = swapMiddle(x.reshape([batch, heads, L, hd])); // [B, L, H, hd]
  return perToken.reshape([batch, L, heads * hd]) as tf.Tensor3D; // [B, L, d]
}

/** softmax(scale · scores) over the last axis. */
function scaledSoftmax(scores: tf.Tensor, scale: number): tf.Tensor {
  return fusedKernelsActive()
    ? (tf.engine().runKernel(FUSED.scaledSoftmax, { x: scores }, { scale }) as tf.Tensor)
    : tf.softmax(scores.mul(scale));
}

/** The scores' gradient of scaledSoftmax: scale · P ⊙ (dP − rowsum(dP ⊙ P)). */
function scaledSoftmaxGrad(p: tf.Tensor, dp: tf.Tensor, scale: number): tf.Tensor {
  return fusedKernelsActive()
    ? (tf.engine().runKernel(FUSED.softmaxGrad, { p, dp }, { scale }) as tf.Tensor)
    : p.mul(dp.sub(dp.mul(p).sum(-1, true))).mul(scale);
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
      const probs = scaledSoftmax(tf.matMul(qh, kh, false, true), scale); // [B·H, Lq, Lk]
      save([qh, kh, vh, probs]);
      return {
        value: mergeHeads(tf.matMul(probs, vh), B, heads),
        gradFunc: (dy, [qs, ks, vs, ps]) => {
          sampleTensorMemory();
          const dOut = splitHeads(dy, heads); // [B·H, Lq, hd]
          const dP = tf.matMul(dOut, vs!, false, true); // [B·H, Lq, Lk]
          const dS = scaledSoftmaxGrad(ps!, dP, scale);
          const dQ = tf.matMul(dS, ks!); // [B·H, Lq, hd]
          let dK: tf.Tensor;
          let dV: tf.Tensor;
          if (matmulStatus().matmul === 'openblas') {
            // OpenBLAS reads a transposed operand in place: dK = dSᵀ·Q, dV = Pᵀ·dO directly.
            dK = tf.matMul(dS, qs!, true, false); // [B·H, Lk, hd]
            dV = tf.matMul(ps!, dOut, true, false);
          } else {
            // XNNPACK copies a transposed operand: form dK and dV transposed ([hd, Lk] per
            // head) so that only the small q / dO operands get transposed, never the [Lq, Lk]
            // probability-sized ones.
            dK = tf.matMul(qs!, dS, true, false).transpose([0, 2, 1]); // (Qᵀ·dS)ᵀ
            dV = tf.matMul(dOut, ps!, true, false).transpose([0, 2, 1]); // (dOᵀ·P)ᵀ
          }
          return [mergeHeads(dQ, B, heads), mergeHeads(dK, B, heads), mergeHeads(dV, B, heads)];
        },
      };
    });
    cores.set(heads, core);
  }
  return core(q, k, v);
}
