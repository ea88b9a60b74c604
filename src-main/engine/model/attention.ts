import * as tf from '@tensorflow/tfjs';
import { attentionCore, mergeHeads, splitHeads } from './attention-op';
import type { ForwardContext } from './context';
import { linear } from './linear';
import { withLora } from './lora';
import type { ParamStore } from './params';
import { PLAIN_OPS } from './plain-ops';

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

/**
 * Scaled dot-product attention of already-projected q [B, Lq, d] over k, v [B, Lk, d].
 * Returns the merged output [B, Lq, d] and, when asked, the weights [B, H, Lq, Lk]; without
 * weights to return it runs as one custom-gradient node (attention-op.ts).
 */
export function attend(
  q: tf.Tensor,
  k: tf.Tensor,
  v: tf.Tensor,
  heads: number,
  keepProbs = false,
): { out: tf.Tensor3D; probs?: tf.Tensor } {
  if (!keepProbs && !PLAIN_OPS) return { out: attentionCore(q, k, v, heads) as tf.Tensor3D };
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
