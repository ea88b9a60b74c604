import * as tf from '@tensorflow/tfjs';
import { FUSED, fusedKernelsActive } from '../wasm-kernels/fused-kernels';
import { customOp } from './custom-op';
import { PLAIN_OPS } from './plain-ops';

const C = Math.sqrt(2 / Math.PI);
const A = 0.044715;

/**
 * GELU, tanh approximation (as in GPT-2 / nanoGPT), written as x·σ(2u) with u = C·(x + A·x³)
 * — the same function, since ½(1 + tanh u) = σ(2u) — because the wasm Sigmoid is vectorised
 * and its Tanh is ~6× slower (and Pow slower still, hence x³ as products). One tape node with
 * a hand-written gradient: d/dx = s + x·s·(1 − s)·2C·(1 + 3A·x²), s = σ(2u).
 */
const customGelu: (x: tf.Tensor) => tf.Tensor = customOp(([x], save) => {
  const s = x!
    .square()
    .mul(A)
    .add(1)
    .mul(x!)
    .mul(2 * C)
    .sigmoid(); // σ(2C·(x + A·x³))
  save([x!, s]);
  return {
    value: x!.mul(s),
    gradFunc: (dy, [xs, ss]) => {
      const slope = xs!
        .square()
        .mul(3 * A)
        .add(1)
        .mul(2 * C); // 2C·(1 + 3A·x²)
      const grad = ss!.add(xs!.mul(ss!).mul(ss!.neg().add(1)).mul(slope));
      return [dy.mul(grad)];
    },
  };
});

/** The tanh form in plain ops (AVLAB_PLAIN_OPS baseline). */
function plainGelu(x: tf.Tensor): tf.Tensor {
  return x.mul(x.pow(3).mul(A).add(x).mul(C).tanh().add(1)).mul(0.5);
}

/** The same function as one native kernel each way (wasm-kernels/fused-kernels.ts); saves only x. */
const fusedGelu: (x: tf.Tensor) => tf.Tensor = customOp(([x], save) => {
  save([x!]);
  return {
    value: tf.engine().runKernel(FUSED.gelu, { x: x! }) as tf.Tensor,
    gradFunc: (dy, [xs]) => [tf.engine().runKernel(FUSED.geluGrad, { x: xs!, dy }) as tf.Tensor],
  };
});

export function gelu(x: tf.Tensor): tf.Tensor {
  if (PLAIN_OPS) return plainGelu(x);
  return fusedKernelsActive() ? fusedGelu(x) : customGelu(x);
}
