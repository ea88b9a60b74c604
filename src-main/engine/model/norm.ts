import * as tf from '@tensorflow/tfjs';
import { FUSED, fusedKernelsActive } from '../wasm-kernels/fused-kernels';
import { columnSum } from './column-sum';
import { customOp } from './custom-op';
import type { Param } from './params';
import { PLAIN_OPS } from './plain-ops';

/** The engine's epsilon (ModelConfig.normEps's default); CAV-MAE's weights want PyTorch's 1e-5. */
export const DEFAULT_EPS = 1e-6;

function normalise(x: tf.Tensor, eps: number): { xhat: tf.Tensor; rstd: tf.Tensor } {
  const centred = x.sub(x.mean(-1, true));
  const rstd = centred.square().mean(-1, true).add(eps).rsqrt(); // [N, 1]
  return { xhat: centred.mul(rstd), rstd };
}

/** dx of LayerNorm: rstd · (g·dy − mean(g·dy) − x̂ · mean(g·dy·x̂)). */
function inputGrad(dy: tf.Tensor, xhat: tf.Tensor, rstd: tf.Tensor, gain: tf.Tensor): tf.Tensor {
  const gdy = dy.mul(gain);
  return gdy
    .sub(gdy.mean(-1, true))
    .sub(xhat.mul(gdy.mul(xhat).mean(-1, true)))
    .mul(rstd);
}

const trainableNorm = (eps: number) =>
  customOp(([x, g, b], save) => {
    const { xhat, rstd } = normalise(x!, eps);
    save([xhat, rstd, g!]);
    return {
      value: xhat.mul(g!).add(b!),
      gradFunc: (dy, [xh, rs, gs]) => [
        inputGrad(dy, xh!, rs!, gs!),
        columnSum(dy.mul(xh!)),
        columnSum(dy),
      ],
    };
  });

/** y, x̂, rstd of x [N, d] in one native kernel (wasm-kernels/fused-kernels.ts). */
const fusedForward = (x: tf.Tensor, g: tf.Tensor, b: tf.Tensor, eps: number) =>
  tf.engine().runKernel(FUSED.layerNorm, { x, gain: g, bias: b }, { eps }) as tf.Tensor[];

const fusedGrad = (
  dy: tf.Tensor,
  xhat: tf.Tensor,
  rstd: tf.Tensor,
  g: tf.Tensor,
  params: boolean,
) =>
  tf
    .engine()
    .runKernel(FUSED.layerNormGrad, { dy, xhat, rstd, gain: g }, { params }) as tf.Tensor[];

const fusedTrainableNorm = (eps: number) =>
  customOp(([x, g, b], save) => {
    const [y, xhat, rstd] = fusedForward(x!, g!, b!, eps);
    save([xhat!, rstd!, g!]);
    return { value: y!, gradFunc: (dy, [xh, rs, gs]) => fusedGrad(dy, xh!, rs!, gs!, true) };
  });

/** The trainable ops of each epsilon, built once (in practice one or two epsilons). */
const trainableOps = new Map<string, (...inputs: tf.Tensor[]) => tf.Tensor>();
function trainableOp(fused: boolean, eps: number): (...inputs: tf.Tensor[]) => tf.Tensor {
  const key = `${fused}:${eps}`;
  let op = trainableOps.get(key);
  if (!op) {
    op = fused ? fusedTrainableNorm(eps) : trainableNorm(eps);
    trainableOps.set(key, op);
  }
  return op;
}

/**
 * LayerNorm over the last axis with a hand-written gradient: one node on the tape instead of a
 * dozen (PERF-NOTES §5). Frozen gain/bias are captured, so only dx is computed.
 */
export function layerNorm(x: tf.Tensor, gain: Param, bias: Param, eps = DEFAULT_EPS): tf.Tensor {
  const shape = x.shape;
  const x2 = x.reshape([-1, shape[shape.length - 1]!]); // [N, d]
  const g = gain.variable;
  const b = bias.variable;
  if (PLAIN_OPS) {
    const { xhat } = normalise(x2, eps);
    return xhat.mul(g).add(b).reshape(shape);
  }
  const fused = fusedKernelsActive();
  if (gain.trainable || bias.trainable) return trainableOp(fused, eps)(x2, g, b).reshape(shape);
  if (fused) {
    const frozenFused = customOp(([xi], save) => {
      const [y, xhat, rstd] = fusedForward(xi!, g, b, eps);
      save([xhat!, rstd!]);
      return { value: y!, gradFunc: (dy, [xh, rs]) => fusedGrad(dy, xh!, rs!, g, false) };
    });
    return frozenFused(x2).reshape(shape);
  }
  const frozen = customOp(([xi], save) => {
    const { xhat, rstd } = normalise(xi!, eps);
    save([xhat, rstd]);
    return { value: xhat.mul(g).add(b), gradFunc: (dy, [xh, rs]) => [inputGrad(dy, xh!, rs!, g)] };
  });
  return frozen(x2).reshape(shape);
}
