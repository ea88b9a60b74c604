import type * as tf from '@tensorflow/tfjs';
import type { ForwardContext } from './context';
import { gelu } from './gelu';
import { linear } from './linear';
import type { ParamStore } from './params';

/**
 * Bottleneck adapter h + up(gelu(down(h))) placed after an attention or MLP output. `up` starts
 * at zero, so at initialisation the adapter adds exactly 0 and the model equals its base.
 */
export function addAdapterParams(
  params: ParamStore,
  prefix: string,
  dim: number,
  bottleneck: number,
): void {
  params.addLinear(`adapter.${prefix}.down`, dim, bottleneck, 'xavier');
  params.addLinear(`adapter.${prefix}.up`, bottleneck, dim, 'zeros');
}

/** `prefix` is the site inside the backbone, e.g. `audio_blocks.0.attn`. */
export function adapt(ctx: ForwardContext, prefix: string, h: tf.Tensor): tf.Tensor {
  if (!ctx.adapter) return h;
  const p = (n: string) => ctx.params.get(`adapter.${prefix}.${n}`);
  const down = gelu(linear(h, p('down.weight'), p('down.bias'))); // [..., bottleneck]
  return h.add(linear(down, p('up.weight'), p('up.bias')));
}
