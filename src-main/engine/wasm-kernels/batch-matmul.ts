import * as tf from '@tensorflow/tfjs';
import { matMulShape } from './matmul-shape';
import { type TensorInfoLike, type WasmBackend, withView } from './wasm-backend';

let rawBatchMatMul: ((...args: unknown[]) => void) | null = null;
/** The shipped kernel, for the broadcast patterns this one does not cover. */
let shipped: tf.KernelFunc | null = null;

export function keepShippedBatchMatMul(kernel: tf.KernelFunc | null): void {
  shipped = kernel;
}

function shapeBytes(shape: number[]): Uint8Array {
  return new Uint8Array(new Int32Array(shape).buffer);
}

function transposeLast2(
  backend: WasmBackend,
  x: TensorInfoLike,
  batch: number,
  rows: number,
  cols: number,
): TensorInfoLike {
  const kernel = tf.getKernel('Transpose', 'wasm')!;
  const view = { dataId: x.dataId, shape: [batch, rows, cols], dtype: x.dtype };
  return kernel.kernelFunc({
    inputs: { x: view },
    backend,
    attrs: { perm: [0, 2, 1] },
  } as never) as TensorInfoLike;
}

/**
 * BatchMatMul that always lands on XNNPACK. The shipped kernel uses XNNPACK only for one
 * non-transposed 2-D product and a scalar loop (~1 GFLOP/s) otherwise (PERF-NOTES §1), so
 * every attention product and every transposed backward product was slow. Here transposed
 * operands are transposed once, then each batch entry runs as a 2-D XNNPACK product on
 * aliased views of the inputs and output (no copies).
 */
export function batchMatMulKernel({
  inputs,
  backend,
  attrs,
}: {
  inputs: Record<string, TensorInfoLike>;
  backend: WasmBackend;
  attrs: { transposeA: boolean; transposeB: boolean };
}): TensorInfoLike {
  const a = inputs.a!;
  const b = inputs.b!;
  if (a.dtype !== 'float32' || b.dtype !== 'float32')
    throw new Error('BatchMatMul: only float32 is supported');
  if (!rawBatchMatMul)
    rawBatchMatMul = backend.wasm.cwrap('BatchMatMul', null, [
      'number',
      'array',
      'number',
      'number',
      'array',
      'number',
      'number',
      'number',
      'number',
    ]);
  const { aRows, aCols, bRows, bCols, M, N, K, outer, batchA, batchB, batch, simpleBroadcast } =
    matMulShape(a, b, attrs.transposeA, attrs.transposeB);
  if (!simpleBroadcast) {
    if (!shipped)
      throw new Error(`matMul: cannot broadcast batch dims of [${a.shape}] and [${b.shape}]`);
    return shipped({ inputs, backend, attrs } as never) as TensorInfoLike;
  }
  const temps: TensorInfoLike[] = [];
  // Row-major operands: A as [batchA, M, K], B as [batchB, K, N].
  const aMat = attrs.transposeA ? transposeLast2(backend, a, batchA, aRows, aCols) : a;
  const bMat = attrs.transposeB ? transposeLast2(backend, b, batchB, bRows, bCols) : b;
  if (attrs.transposeA) temps.push(aMat);
  if (attrs.transposeB) temps.push(bMat);
  const out = backend.makeOutput([...outer, M, N], 'float32');
  const aOff = backend.dataIdMap.get(aMat.dataId).memoryOffset;
  const bOff = backend.dataIdMap.get(bMat.dataId).memoryOffset;
  const oOff = backend.dataIdMap.get(out.dataId).memoryOffset;
  const aShape = shapeBytes([1, M, K]);
  const bShape = shapeBytes([1, K, N]);
  for (let i = 0; i < batch; i++) {
    const ai = batchA === 1 ? 0 : i;
    const bi = batchB === 1 ? 0 : i;
    withView(backend, aOff + ai * M * K * 4, M * K, (aId) =>
      withView(backend, bOff + bi * K * N * 4, K * N, (bId) =>
        withView(backend, oOff + i * M * N * 4, M * N, (oId) =>
          rawBatchMatMul!(aId, aShape, 3, bId, bShape, 3, false, false, oId),
        ),
      ),
    );
  }
  for (const t of temps) backend.disposeData(t.dataId);
  return out;
}
