import * as tf from '@tensorflow/tfjs';
import { batchMatMulKernel } from './batch-matmul';
import { attachBlas, blasBatchMatMulKernel, blasFusedMatMulKernel } from './blas-matmul';
import { type BlasStatus, loadNativeBlas, type MatmulPath } from './native-blas';

let shippedFused: tf.KernelFunc | null = null;
let status: BlasStatus = { matmul: 'xnnpack', threads: 1, reason: 'wasm kernels not registered' };

function replace(kernelName: string, kernelFunc: tf.KernelFunc): void {
  if (tf.getKernel(kernelName, 'wasm')) tf.unregisterKernel(kernelName, 'wasm');
  tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc });
}

/**
 * Puts BatchMatMul and _FusedMatMul on OpenBLAS when the native addon loads (AVLAB_MATMUL=
 * openblas insists on it), else leaves the XNNPACK kernels. Called once after the other
 * replacement kernels are registered.
 */
export function initMatmulPath(): BlasStatus {
  shippedFused = tf.getKernel('_FusedMatMul', 'wasm')?.kernelFunc ?? null;
  const { blas, reason } = loadNativeBlas();
  if (!blas && process.env.AVLAB_MATMUL === 'openblas')
    throw new Error(`AVLAB_MATMUL=openblas but the BLAS addon is unavailable: ${reason}`);
  status = blas
    ? setMatmulPath('openblas')
    : { matmul: 'xnnpack', threads: 1, ...(reason ? { reason } : {}) };
  return status;
}

/** Switches the matmul kernels (tests compare both paths in one process). */
export function setMatmulPath(path: MatmulPath): BlasStatus {
  const { blas, reason } = loadNativeBlas();
  if (path === 'openblas') {
    if (!blas) throw new Error(`the BLAS addon is unavailable: ${reason}`);
    attachBlas(blas, batchMatMulKernel as never, shippedFused);
    replace('BatchMatMul', blasBatchMatMulKernel as never);
    replace('_FusedMatMul', blasFusedMatMulKernel as never);
    status = { matmul: 'openblas', threads: blas.getThreads(), config: blas.config() };
  } else {
    replace('BatchMatMul', batchMatMulKernel as never);
    if (shippedFused) replace('_FusedMatMul', shippedFused);
    status = { matmul: 'xnnpack', threads: 1, ...(reason ? { reason } : {}) };
  }
  return status;
}

/** OpenBLAS threads for the matmuls from now on (AVLAB_CORES sets the start value). */
export function setMatmulThreads(n: number): BlasStatus {
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`matmul threads: ${n} is not a positive integer`);
  const { blas } = loadNativeBlas();
  if (blas && status.matmul === 'openblas') {
    blas.setThreads(n);
    status = { ...status, threads: blas.getThreads() };
  }
  return status;
}

/** Which matmul path runs now, with its thread count. */
export function matmulStatus(): BlasStatus {
  return status;
}
