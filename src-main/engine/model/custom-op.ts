import * as tf from '@tensorflow/tfjs';

export type GradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => tf.Tensor[];
export type CustomForward = (
  inputs: tf.Tensor[],
  save: (tensors: tf.Tensor[]) => void,
) => { value: tf.Tensor; gradFunc: GradFunc };

/**
 * A typed wrapper over tf.customGrad: one node on the tape whose gradient we write ourselves
 * (one gradient per input, in order). Tensors only captured by closure get no gradient.
 * The forward and backward bodies each run in their own tidy, so their temporaries are freed
 * at once instead of living until the whole backward pass ends.
 */
export function customOp(forward: CustomForward): (...inputs: tf.Tensor[]) => tf.Tensor {
  const f = tf.customGrad((...args: unknown[]) => {
    const save = args.pop() as (tensors: tf.Tensor[]) => void;
    let gradFunc: GradFunc | null = null;
    let savedCount = 0;
    const kept = tf.tidy(() => {
      let saved: tf.Tensor[] = [];
      const r = forward(args as tf.Tensor[], (ts) => {
        saved = ts;
      });
      gradFunc = r.gradFunc;
      savedCount = saved.length;
      return [r.value, ...saved];
    });
    if (savedCount > 0) save(kept.slice(1));
    // The backward body gets its own tidy too: tfjs would otherwise keep every temporary of
    // every gradient function alive until the whole backward pass ends.
    const backward = gradFunc!;
    return {
      value: kept[0]!,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.tidy(() => backward(dy, saved)),
    };
  });
  return (...inputs: tf.Tensor[]) => f(...inputs);
}
