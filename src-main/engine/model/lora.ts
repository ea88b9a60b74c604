import type * as tf from '@tensorflow/tfjs';
import type { ForwardContext } from './context';
import { linear } from './linear';
import type { ParamStore } from './params';

/**
 * Low-rank update of a projection: W·x + (α/r)·B·A·x with A random and B zero at start, so the
 * projection equals its base exactly until B trains. α = r here, so the scale is 1.
 */
export function addLoraParams(params: ParamStore, prefix: string, dim: number, rank: number): void {
  params.add(`lora.${prefix}.a`, [dim, rank], 'xavier');
  params.add(`lora.${prefix}.b`, [rank, dim], 'zeros');
}

/** `prefix` names the projection inside the backbone, e.g. `audio_blocks.0.attn.q`. */
export function withLora(
  ctx: ForwardContext,
  prefix: string,
  x: tf.Tensor,
  base: tf.Tensor,
): tf.Tensor {
  if (!ctx.lora) return base;
  const a = ctx.params.get(`lora.${prefix}.a`);
  const b = ctx.params.get(`lora.${prefix}.b`);
  return base.add(linear(linear(x, a, null), b, null)); // [..., r] then [..., d]
}
