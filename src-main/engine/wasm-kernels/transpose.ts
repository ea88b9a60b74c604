import type * as tf from '@tensorflow/tfjs';
import type { TensorInfoLike, WasmBackend } from './wasm-backend';

let shipped: tf.KernelFunc | null = null;
export function keepShippedTranspose(kernel: tf.KernelFunc | null): void {
  shipped = kernel;
}

const TILE = 32;

/** out[b, j, i] = x[b, i, j] for each of `batch` [rows, cols] matrices, in cache-sized tiles. */
function transposeLast2(
  x: ArrayLike<number>,
  out: Float32Array | Int32Array,
  batch: number,
  rows: number,
  cols: number,
): void {
  for (let b = 0; b < batch; b++) {
    const base = b * rows * cols;
    for (let i0 = 0; i0 < rows; i0 += TILE)
      for (let j0 = 0; j0 < cols; j0 += TILE) {
        const i1 = Math.min(rows, i0 + TILE);
        const j1 = Math.min(cols, j0 + TILE);
        for (let i = i0; i < i1; i++) {
          const src = base + i * cols;
          for (let j = j0; j < j1; j++) out[base + j * rows + i] = x[src + j]!;
        }
      }
  }
}

/**
 * Transpose in JS over the wasm heap for the engine's two patterns — swapping the last two
 * axes (linear-layer gradients, kᵀ) and permutations that keep the last axis (head split
 * [0,2,1,3]), which become row copies. About 2–3× faster than the shipped element-by-element
 * loop here; other permutations use the shipped kernel.
 */
export function transposeKernel(args: {
  inputs: Record<string, TensorInfoLike>;
  backend: WasmBackend;
  attrs: { perm: number[] };
}): TensorInfoLike {
  const x = args.inputs.x!;
  const { backend } = args;
  const perm = args.attrs.perm;
  const rank = x.shape.length;
  const swapsLast2 =
    rank >= 2 &&
    perm[rank - 1] === rank - 2 &&
    perm[rank - 2] === rank - 1 &&
    perm.slice(0, -2).every((p, i) => p === i);
  const keepsLast = perm[rank - 1] === rank - 1 && rank <= 4;
  if (x.dtype === 'string' || x.dtype === 'complex64' || !(swapsLast2 || keepsLast))
    return shipped!(args as never) as TensorInfoLike;
  const outShape = perm.map((p) => x.shape[p]!);
  const out = backend.makeOutput(outShape, x.dtype);
  const src = backend.typedArrayFromHeap(x);
  const dst = backend.typedArrayFromHeap(out) as Float32Array | Int32Array;
  if (swapsLast2) {
    const rows = x.shape[rank - 2]!;
    const cols = x.shape[rank - 1]!;
    transposeLast2(src, dst, src.length / (rows * cols), rows, cols);
    return out;
  }
  // Last axis kept: copy contiguous runs of it. Pad to rank 4 with leading unit axes.
  const pad = 4 - rank;
  const shape = [...new Array<number>(pad).fill(1), ...x.shape];
  const p4 = [...Array.from({ length: pad }, (_, i) => i), ...perm.map((p) => p + pad)];
  const strides = [shape[1]! * shape[2]! * shape[3]!, shape[2]! * shape[3]!, shape[3]!, 1];
  const oShape = p4.map((p) => shape[p]!);
  const run = shape[3]!;
  let o = 0;
  for (let a = 0; a < oShape[0]!; a++)
    for (let b = 0; b < oShape[1]!; b++)
      for (let c = 0; c < oShape[2]!; c++) {
        const off = a * strides[p4[0]!]! + b * strides[p4[1]!]! + c * strides[p4[2]!]!;
        dst.set(src.subarray(off, off + run), o);
        o += run;
      }
  return out;
}
