import type * as tf from '@tensorflow/tfjs';
import type { TensorInfoLike, WasmBackend } from './wasm-backend';

let shipped: tf.KernelFunc | null = null;
export function keepShippedSum(kernel: tf.KernelFunc | null): void {
  shipped = kernel;
}

/**
 * Sum over the leading axes (bias and LayerNorm gain gradients: [N, d] → [d]) as one pass of
 * column sums in JS over the wasm heap; the shipped kernel transposes first and is ~3× slower.
 * Other reductions use the shipped kernel.
 */
export function sumKernel(args: {
  inputs: Record<string, TensorInfoLike>;
  backend: WasmBackend;
  attrs: { axis: number | number[]; keepDims: boolean };
}): TensorInfoLike {
  const x = args.inputs.x!;
  const rank = x.shape.length;
  const axes = (Array.isArray(args.attrs.axis) ? args.attrs.axis : [args.attrs.axis]).map((a) =>
    a < 0 ? a + rank : a,
  );
  const k = axes.length;
  const leading = k < rank && [...axes].sort((a, b) => a - b).every((a, i) => a === i);
  if (x.dtype !== 'float32' || !leading) return shipped!(args as never) as TensorInfoLike;
  const inner = x.shape.slice(k).reduce((a, b) => a * b, 1);
  const outer = x.shape.slice(0, k).reduce((a, b) => a * b, 1);
  const outShape = args.attrs.keepDims
    ? [...new Array<number>(k).fill(1), ...x.shape.slice(k)]
    : x.shape.slice(k);
  const out = args.backend.makeOutput(outShape, 'float32');
  const src = args.backend.typedArrayFromHeap(x) as Float32Array;
  const acc = new Float64Array(inner);
  for (let r = 0; r < outer; r++) {
    const o = r * inner;
    for (let j = 0; j < inner; j++) acc[j]! += src[o + j]!;
  }
  (args.backend.typedArrayFromHeap(out) as Float32Array).set(acc);
  return out;
}
