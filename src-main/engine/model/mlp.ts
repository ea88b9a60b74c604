import type * as tf from '@tensorflow/tfjs';
import type { ForwardContext } from './context';
import { geluOf } from './gelu-erf';
import { linear } from './linear';
import type { ParamStore } from './params';

export function addMlpParams(params: ParamStore, site: string, dim: number, ratio: number): void {
  params.addLinear(`backbone.${site}.fc1`, dim, Math.round(dim * ratio));
  params.addLinear(`backbone.${site}.fc2`, Math.round(dim * ratio), dim);
}

/** fc2(gelu(fc1(x))): [.., d] → [.., ratio·d] → [.., d]. */
export function mlp(ctx: ForwardContext, site: string, x: tf.Tensor): tf.Tensor {
  const p = (n: string) => ctx.params.get(`backbone.${site}.${n}`);
  const hidden = geluOf(ctx.config.gelu)(linear(x, p('fc1.weight'), p('fc1.bias')));
  return linear(hidden, p('fc2.weight'), p('fc2.bias'));
}
