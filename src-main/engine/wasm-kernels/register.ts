import * as tf from '@tensorflow/tfjs';
import { batchMatMulKernel, keepShippedBatchMatMul } from './batch-matmul';
import { initFusedKernels } from './fused-kernels';
import { identityKernel } from './identity';
import { initMatmulPath } from './matmul-path';
import { sliceKernel, splitVKernel, unpackKernel } from './slice';
import { keepShippedSum, sumKernel } from './sum';

const REPLACEMENTS: Record<string, (args: never) => unknown> = {
  Slice: sliceKernel as never,
  Unpack: unpackKernel as never,
  SplitV: splitVKernel as never,
  BatchMatMul: batchMatMulKernel as never,
  Identity: identityKernel as never,
  Sum: sumKernel as never,
};

let registered = false;

/**
 * Registers the engine's wasm kernels over the shipped ones (once). A JS Transpose was tried and
 * dropped: measured in CPU time it was no faster than the shipped one for [N, d] swaps and 5×
 * slower for the head split. Set AVLAB_WASM_KERNELS=0
 * to keep the shipped kernels (for before/after benchmarks; no OpenBLAS either).
 */
export function registerWasmKernels(): string[] {
  if (registered || process.env.AVLAB_WASM_KERNELS === '0') return [];
  for (const [name, kernelFunc] of Object.entries(REPLACEMENTS)) {
    const shipped = tf.getKernel(name, 'wasm');
    if (name === 'BatchMatMul') keepShippedBatchMatMul(shipped?.kernelFunc ?? null);
    if (name === 'Sum') keepShippedSum(shipped?.kernelFunc ?? null);
    if (shipped) tf.unregisterKernel(name, 'wasm');
    tf.registerKernel({
      kernelName: name,
      backendName: 'wasm',
      kernelFunc: kernelFunc as unknown as tf.KernelFunc,
    });
  }
  initMatmulPath(); // BatchMatMul and _FusedMatMul move to OpenBLAS when its addon loads
  initFusedKernels(); // GELU and LayerNorm as single native kernels, with the same addon
  registered = true;
  return Object.keys(REPLACEMENTS);
}
