import type * as tf from '@tensorflow/tfjs';
import { customOp } from './custom-op';

const C = Math.sqrt(2 / Math.PI);
const A = 0.044715;

/**
 * GELU, tanh approximation (as in GPT-2 / nanoGPT), with a one-node hand-written gradient:
 * d/dx = ½(1 + t) + ½·x·(1 − t²)·C·(1 + 3A·x²), t = tanh(C·(x + A·x³)).
 */
export const gelu: (x: tf.Tensor) => tf.Tensor = customOp(([x], save) => {
  const t = x!.add(x!.pow(3).mul(A)).mul(C).tanh();
  save([x!, t]);
  return {
    value: x!.mul(t.add(1)).mul(0.5),
    gradFunc: (dy, [xs, ts]) => {
      const inner = xs!
        .square()
        .mul(3 * A)
        .add(1)
        .mul(C); // C·(1 + 3A·x²)
      const sech2 = ts!.square().neg().add(1);
      const grad = ts!.add(1).mul(0.5).add(xs!.mul(sech2).mul(inner).mul(0.5));
      return [dy.mul(grad)];
    },
  };
});
