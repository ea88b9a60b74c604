import * as tf from '@tensorflow/tfjs';
import { sampleTensorMemory } from '../memory';
import { columnSum } from './column-sum';
import { customOp } from './custom-op';
import type { Param } from './params';
import { PLAIN_OPS } from './plain-ops';

/**
 * y = x·W + b over the last axis, as one fused 2-D matMul. The gradient is two 2-D matMuls with
 * transpose flags: the OpenBLAS path (wasm-kernels/blas-matmul.ts) reads transposed operands in
 * place, the XNNPACK path transposes them once inside its kernel (PERF-NOTES §1), so neither
 * needs a Transpose node here. A frozen W gets no gradient at all: it is captured, not passed as
 * an input, so the tape cannot ask for it.
 */
export function linear(x: tf.Tensor, weight: Param, bias: Param | null): tf.Tensor {
  const din = x.shape[x.shape.length - 1]!;
  const w = weight.variable as tf.Tensor2D;
  const dout = w.shape[1];
  if (w.shape[0] !== din)
    throw new Error(`linear ${weight.name}: input width ${din}, weight [${w.shape}]`);
  const outShape = [...x.shape.slice(0, -1), dout];
  const x2 = x.reshape([-1, din]); // [N, din]
  if (PLAIN_OPS) return matMulBias(x2, w, bias?.variable ?? null).reshape(outShape);
  const y = weight.trainable
    ? trainableLinear(x2, w, bias?.variable ?? null)
    : frozenLinear(x2, w, bias?.variable ?? null);
  return y.reshape(outShape);
}

const matMulBias = (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor | null) =>
  b
    ? tf.fused.matMul({ a: x as tf.Tensor2D, b: w as tf.Tensor2D, bias: b })
    : tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D);

const trainableWithBias = customOp(([x, w, b], save) => {
  save([x!, w!]);
  return {
    value: matMulBias(x!, w!, b!),
    gradFunc: (dy, [xs, ws]) => {
      sampleTensorMemory();
      return [
        tf.matMul(dy, ws!, false, true), // [N, dout]·[dout, din]
        tf.matMul(xs!, dy, true, false), // [din, N]·[N, dout]
        columnSum(dy),
      ];
    },
  };
});

const trainableNoBias = customOp(([x, w], save) => {
  save([x!, w!]);
  return {
    value: tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D),
    gradFunc: (dy, [xs, ws]) => [tf.matMul(dy, ws!, false, true), tf.matMul(xs!, dy, true, false)],
  };
});

function trainableLinear(x: tf.Tensor, w: tf.Tensor, b: tf.Tensor | null): tf.Tensor {
  return b ? trainableWithBias(x, w, b) : trainableNoBias(x, w);
}

function frozenLinear(x: tf.Tensor, w: tf.Tensor, b: tf.Tensor | null): tf.Tensor {
  const f = customOp(([xi]) => ({
    value: matMulBias(xi!, w, b),
    gradFunc: (dy) => {
      sampleTensorMemory();
      return [tf.matMul(dy, w, false, true)];
    }, // [N, dout]·[dout, din]
  }));
  return f(x);
}
