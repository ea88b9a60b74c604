import * as tf from '@tensorflow/tfjs';

export type GradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => tf.Tensor[];
export type CustomForward = (
  inputs: tf.Tensor[],
  save: (tensors: tf.Tensor[]) => void,
) => { value: tf.Tensor; gradFunc: GradFunc };

/**
 * A typed wrapper over tf.customGrad: one node on the tape whose gradient we write ourselves
 * (one gradient per input, in order). Tensors only captured by closure get no gradient.
 */
export function customOp(forward: CustomForward): (...inputs: tf.Tensor[]) => tf.Tensor {
  const f = tf.customGrad((...args: unknown[]) => {
    const save = args.pop() as (tensors: tf.Tensor[]) => void;
    return forward(args as tf.Tensor[], save);
  });
  return (...inputs: tf.Tensor[]) => f(...inputs);
}
