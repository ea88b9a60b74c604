import * as tf from '@tensorflow/tfjs';
import { customOp } from './custom-op';

/**
 * im2col for a k×k convolution with stride s and zero padding `pad` on every side, as one tape
 * node whose forward and backward (col2im) loop over typed arrays. A convolution is then this op
 * followed by the fast 2-D linear (linear.ts): the wasm backend has no Conv2DBackpropFilter and
 * no gradient of tf.gather, and its matMul is the one fast kernel we have.
 *
 * x [B, H, W, C] (NHWC) → cols [B·Ho·Wo, k·k·C], Ho = ⌊(H + 2·pad − k)/s⌋ + 1 (same for Wo);
 * column (ky·k + kx)·C + c of row (b, oy, ox) holds x[b, s·oy + ky − pad, s·ox + kx − pad, c]
 * (0 outside the image). A weight [k·k·C, Cout] in that row order is TensorFlow's HWIO kernel
 * reshaped.
 */
export interface ConvGeometry {
  kernel: number;
  stride: number;
  pad: number;
}

export function convOutputSize(size: number, g: ConvGeometry): number {
  return Math.floor((size + 2 * g.pad - g.kernel) / g.stride) + 1;
}

/** Calls `visit(colOffset, inputOffset)` for every in-image (row, kernel tap) pair of one image. */
function forEachTap(
  H: number,
  W: number,
  C: number,
  g: ConvGeometry,
  visit: (col: number, input: number) => void,
): void {
  const { kernel: k, stride: s, pad } = g;
  const Ho = convOutputSize(H, g);
  const Wo = convOutputSize(W, g);
  const rowWidth = k * k * C;
  for (let oy = 0; oy < Ho; oy++) {
    for (let ox = 0; ox < Wo; ox++) {
      const rowStart = (oy * Wo + ox) * rowWidth;
      for (let ky = 0; ky < k; ky++) {
        const y = s * oy + ky - pad;
        if (y < 0 || y >= H) continue;
        for (let kx = 0; kx < k; kx++) {
          const x = s * ox + kx - pad;
          if (x < 0 || x >= W) continue;
          visit(rowStart + (ky * k + kx) * C, (y * W + x) * C);
        }
      }
    }
  }
}

/** Plain-array im2col of a batch (exported for tests). */
export function im2colArray(
  x: Float32Array,
  shape: [number, number, number, number],
  g: ConvGeometry,
): Float32Array {
  const [B, H, W, C] = shape;
  const rows = convOutputSize(H, g) * convOutputSize(W, g);
  const width = g.kernel * g.kernel * C;
  const cols = new Float32Array(B * rows * width); // zeros = the padding
  for (let b = 0; b < B; b++) {
    const inBase = b * H * W * C;
    const outBase = b * rows * width;
    forEachTap(H, W, C, g, (col, input) => {
      const from = inBase + input;
      const to = outBase + col;
      for (let c = 0; c < C; c++) cols[to + c] = x[from + c]!;
    });
  }
  return cols;
}

/** col2im: the adjoint of im2col — every column entry added back to the pixel it was read from. */
export function col2imArray(
  cols: Float32Array,
  shape: [number, number, number, number],
  g: ConvGeometry,
): Float32Array {
  const [B, H, W, C] = shape;
  const rows = convOutputSize(H, g) * convOutputSize(W, g);
  const width = g.kernel * g.kernel * C;
  const dx = new Float32Array(B * H * W * C);
  for (let b = 0; b < B; b++) {
    const inBase = b * H * W * C;
    const colBase = b * rows * width;
    forEachTap(H, W, C, g, (col, input) => {
      const from = colBase + col;
      const to = inBase + input;
      for (let c = 0; c < C; c++) dx[to + c]! += cols[from + c]!;
    });
  }
  return dx;
}

/** x [B, H, W, C] → cols [B·Ho·Wo, k·k·C], differentiable in x (col2im backward). */
export function im2col(x: tf.Tensor4D, g: ConvGeometry): tf.Tensor2D {
  const shape = x.shape as [number, number, number, number];
  const [B, H, W, C] = shape;
  const rows = B * convOutputSize(H, g) * convOutputSize(W, g);
  const width = g.kernel * g.kernel * C;
  const op = customOp(([xi]) => ({
    value: tf.tensor2d(im2colArray(xi!.dataSync() as Float32Array, shape, g), [rows, width]),
    gradFunc: (dy) => [tf.tensor4d(col2imArray(dy.dataSync() as Float32Array, shape, g), shape)],
  }));
  return op(x) as tf.Tensor2D;
}
