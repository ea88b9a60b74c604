import * as tf from '@tensorflow/tfjs';
import { customOp } from './custom-op';
import { gelu } from './gelu';
import { PLAIN_OPS } from './plain-ops';

const INV_SQRT2 = Math.SQRT1_2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/**
 * Exact GELU, x·Φ(x) with Φ(x) = ½(1 + erf(x/√2)), as PyTorch's nn.GELU() computes it (CAV-MAE's
 * weights were trained with it; the tanh form differs by up to ~1e-3). One tape node with a
 * hand-written gradient: d/dx = Φ(x) + x·φ(x), φ(x) = e^(−x²/2)/√(2π).
 */
const customGeluErf: (x: tf.Tensor) => tf.Tensor = customOp(([x], save) => {
  const cdf = tf.erf(x!.mul(INV_SQRT2)).add(1).mul(0.5);
  save([x!, cdf]);
  return {
    value: x!.mul(cdf),
    gradFunc: (dy, [xs, phi]) => {
      const pdf = xs!.square().mul(-0.5).exp().mul(INV_SQRT_2PI);
      return [dy.mul(phi!.add(xs!.mul(pdf)))];
    },
  };
});

const plainGeluErf = (x: tf.Tensor) => x.mul(tf.erf(x.mul(INV_SQRT2)).add(1).mul(0.5));

/** The config's GELU: the engine's tanh form (gelu.ts) or the exact one. */
export function geluOf(kind: 'tanh' | 'erf'): (x: tf.Tensor) => tf.Tensor {
  if (kind === 'tanh') return gelu;
  return PLAIN_OPS ? plainGeluErf : customGeluErf;
}
