import * as tf from '@tensorflow/tfjs';
import type { ForwardContext } from './context';
import { linear } from './linear';
import { withLora } from './lora';
import type { ParamStore } from './params';

/** q, k, v and output projections of one attention site, e.g. `backbone.audio_blocks.0.attn`. */
export function addAttentionParams(params: ParamStore, site: string, dim: number): void {
  for (const n of ['q', 'k', 'v', 'proj']) params.addLinear(`backbone.${site}.${n}`, dim, dim);
}

/** One projection; LoRA (when active) adapts the query and value projections only. */
export function project(
  ctx: ForwardContext,
  site: string,
  which: 'q' | 'k' | 'v' | 'proj',
  x: tf.Tensor,
): tf.Tensor {
  const p = (n: string) => ctx.params.get(`backbone.${site}.${which}.${n}`);
  const base = linear(x, p('weight'), p('bias'));
  return which === 'q' || which === 'v' ? withLora(ctx, `${site}.${which}`, x, base) : base;
}

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

/**
 * Scaled dot-product attention of already-projected q [B, Lq, d] over k, v [B, Lk, d].
 * Returns the merged output [B, Lq, d] and, when asked, the weights [B, H, Lq, Lk].
 */
export function attend(
  q: tf.Tensor,
  k: tf.Tensor,
  v: tf.Tensor,
  heads: number,
  keepProbs = false,
): { out: tf.Tensor3D; probs?: tf.Tensor } {
  const [B, Lq, d] = q.shape as [number, number, number];
  const Lk = k.shape[1]!;
  const scale = 1 / Math.sqrt(d / heads);
  const qh = splitHeads(q, heads); // [B·H, Lq, hd]
  const kh = splitHeads(k, heads); // [B·H, Lk, hd]
  const vh = splitHeads(v, heads); // [B·H, Lk, hd]
  const probs = tf.softmax(tf.matMul(qh, kh, false, true).mul(scale)); // [B·H, Lq, Lk]
  const out = mergeHeads(tf.matMul(probs, vh), B, heads); // [B, Lq, d]
  return keepProbs ? { out, probs: probs.reshape([B, heads, Lq, Lk]) } : { out };
}

/** Self-attention of x [B, L, d] over itself, through the output projection. */
export function selfAttention(ctx: ForwardContext, site: string, x: tf.Tensor): tf.Tensor {
  const { out } = attend(
    project(ctx, site, 'q', x),
    project(ctx, site, 'k', x),
    project(ctx, site, 'v', x),
    ctx.config.heads,
  );
  return project(ctx, site, 'proj', out);
}
