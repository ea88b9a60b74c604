import * as tf from '@tensorflow/tfjs';
import type { ForwardContext } from './context';

/**
 * Dropout on a residual branch (after attention / MLP / adapter), training only. Each call
 * draws its mask from the step's seed plus a counter, so a step is reproducible and a resumed
 * run repeats the uninterrupted one.
 */
export function dropBranch(ctx: ForwardContext, x: tf.Tensor): tf.Tensor {
  if (!ctx.dropout || ctx.config.dropout === 0) return x;
  return tf.dropout(x, ctx.config.dropout, undefined, ctx.dropout.nextSeed());
}
