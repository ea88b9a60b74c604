import type * as tf from '@tensorflow/tfjs';
import { matMulShape } from './matmul-shape';
import type { NativeBlas } from './native-blas';
import { floatOffset, type TensorInfoLike, type WasmBackend } from './wasm-backend';

let blas: NativeBlas | null = null;
/** The kernels these replace, for the cases they do not cover (odd broadcasts, activations). */
let fallbackBatchMatMul: tf.KernelFunc | null = null;
let fallbackFusedMatMul: tf.KernelFunc | null = null;

export function attachBlas(
  addon: NativeBlas,
  batchMatMul: tf.KernelFunc | null,
  fusedMatMul: tf.KernelFunc | null,
): void {
  blas = addon;
  fallbackBatchMatMul = batchMatMul;
  fallbackFusedMatMul = fusedMatMul;
}

/**
 * op(A)·op(B) (+ bias) with cblas_sgemm on the heap: the transposes are the flags OpenBLAS
 * takes, so no operand is copied; batch entries are strided views, a batch of 1 broadcasts.
 * Returns null for broadcast patterns other than "equal or 1" (the caller falls back).
 */
function gemm(
  backend: WasmBackend,
  a: TensorInfoLike,
  b: TensorInfoLike,
  transA: boolean,
  transB: boolean,
  bias: TensorInfoLike | null,
): TensorInfoLike | null {
  if (a.dtype !== 'float32' || b.dtype !== 'float32')
    throw new Error('matMul: only float32 is supported');
  const { aRows, aCols, bRows, bCols, M, N, K, outer, batchA, batchB, batch, simpleBroadcast } =
    matMulShape(a, b, transA, transB);
  if (!simpleBroadcast) return null;
  if (bias && bias.shape.reduce((x, y) => x * y, 1) !== N) return null;
  const out = backend.makeOutput([...outer, M, N], 'float32');
  if (batch * M * N === 0) return out;
  blas!.sgemmBatched(
    backend.wasm.HEAPU8, // re-read per call: a grown heap is a new ArrayBuffer
    transA,
    transB,
    M,
    N,
    K,
    batch,
    floatOffset(backend, a),
    batchA === 1 ? 0 : aRows * aCols,
    aCols,
    floatOffset(backend, b),
    batchB === 1 ? 0 : bRows * bCols,
    bCols,
    floatOffset(backend, out),
    M * N,
    N,
    1,
    0,
    bias ? floatOffset(backend, bias) : -1,
  );
  return out;
}

interface MatMulArgs {
  inputs: Record<string, TensorInfoLike | undefined>;
  backend: WasmBackend;
  attrs: {
    transposeA: boolean;
    transposeB: boolean;
    activation?: string;
    leakyreluAlpha?: number;
  };
}

export function blasBatchMatMulKernel(args: MatMulArgs): TensorInfoLike {
  const { inputs, backend, attrs } = args;
  const out = gemm(backend, inputs.a!, inputs.b!, attrs.transposeA, attrs.transposeB, null);
  if (out) return out;
  if (!fallbackBatchMatMul)
    throw new Error(
      `matMul: cannot broadcast batch dims of [${inputs.a!.shape}] and [${inputs.b!.shape}]`,
    );
  return fallbackBatchMatMul(args as never) as TensorInfoLike;
}

/**
 * _FusedMatMul (tf.fused.matMul: the linear layers' forward) with a bias over the last axis and
 * no activation runs on OpenBLAS; activations and PReLU weights go to the shipped kernel (the
 * engine uses neither).
 */
export function blasFusedMatMulKernel(args: MatMulArgs): TensorInfoLike {
  const { inputs, backend, attrs } = args;
  const plain =
    (attrs.activation ?? 'linear') === 'linear' && inputs.preluActivationWeights == null;
  const out = plain
    ? gemm(backend, inputs.a!, inputs.b!, attrs.transposeA, attrs.transposeB, inputs.bias ?? null)
    : null;
  if (out) return out;
  if (!fallbackFusedMatMul) throw new Error('_FusedMatMul: no fallback kernel registered');
  return fallbackFusedMatMul(args as never) as TensorInfoLike;
}
