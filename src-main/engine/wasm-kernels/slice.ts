import * as tf from '@tensorflow/tfjs';
import type { TensorInfoLike, WasmBackend } from './wasm-backend';

/**
 * Slice that reads its input in place. The shipped wasm Slice calls `readSync`, which copies
 * the whole input out of the heap on every call — so `unstack`, `split` and the gradient of
 * `concat` cost O(input × outputs) (PERF-NOTES §2). Only the output is written here.
 */
export function sliceInPlace(
  backend: WasmBackend,
  x: TensorInfoLike,
  begin: number[],
  size: number[],
): TensorInfoLike {
  const out = backend.makeOutput(size, x.dtype);
  const src = backend.typedArrayFromHeap(x);
  const dst = backend.typedArrayFromHeap(out);
  const rank = x.shape.length;
  const strides = new Array<number>(rank).fill(1);
  for (let i = rank - 2; i >= 0; i--) strides[i] = strides[i + 1]! * x.shape[i + 1]!;
  // Copy runs along the innermost axis; iterate the outer index space as an odometer.
  const inner = size[rank - 1] ?? 1;
  const outer = size.slice(0, -1).reduce((a, b) => a * b, 1);
  const idx = new Array<number>(Math.max(0, rank - 1)).fill(0);
  let o = 0;
  for (let n = 0; n < outer; n++) {
    let off = begin[rank - 1] ?? 0;
    for (let d = 0; d < rank - 1; d++) off += (begin[d]! + idx[d]!) * strides[d]!;
    dst.set(src.subarray(off, off + inner), o);
    o += inner;
    for (let d = rank - 2; d >= 0; d--) {
      if (++idx[d]! < size[d]!) break;
      idx[d] = 0;
    }
  }
  return out;
}

type KernelArgs<A> = { inputs: Record<string, TensorInfoLike>; backend: WasmBackend; attrs: A };

export function sliceKernel({
  inputs,
  backend,
  attrs,
}: KernelArgs<{ begin: number | number[]; size: number | number[] }>) {
  const x = inputs.x!;
  const [begin, size] = tf.slice_util.parseSliceParams(
    x as unknown as tf.TensorInfo,
    attrs.begin,
    attrs.size,
  );
  return sliceInPlace(backend, x, begin!, size!);
}

export function unpackKernel({ inputs, backend, attrs }: KernelArgs<{ axis: number }>) {
  const value = inputs.value!;
  const rank = value.shape.length;
  const axis = attrs.axis < 0 ? attrs.axis + rank : attrs.axis;
  const outShape = value.shape.filter((_, i) => i !== axis);
  const begin = new Array<number>(rank).fill(0);
  const size = value.shape.slice();
  size[axis] = 1;
  const outs: TensorInfoLike[] = [];
  for (let i = 0; i < value.shape[axis]!; i++) {
    begin[axis] = i;
    const s = sliceInPlace(backend, value, begin, size);
    outs.push({ dataId: s.dataId, dtype: s.dtype, shape: outShape });
  }
  return outs;
}

export function splitVKernel({
  inputs,
  backend,
  attrs,
}: KernelArgs<{ numOrSizeSplits: number | number[]; axis: number | number[] }>) {
  const x = inputs.x!;
  const xt = x as unknown as tf.TensorInfo;
  const axis = tf.util.parseAxisParam(attrs.axis, x.shape)[0]!;
  const sizes = tf.backend_util.prepareSplitSize(xt, attrs.numOrSizeSplits, axis);
  const begin = new Array<number>(x.shape.length).fill(0);
  return sizes.map((s) => {
    const size = x.shape.slice();
    size[axis] = s;
    const out = sliceInPlace(backend, x, begin, size);
    begin[axis] = begin[axis]! + s;
    return out;
  });
}
