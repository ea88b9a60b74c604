import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { kernelSplit } from './profile';
import { FUSED } from './wasm-kernels/fused-kernels';

// A backend of its own, so the test does not depend on which kernels the addon registered.
const BACKEND = 'profile-split-test';
for (const kernelName of [
  'BatchMatMul',
  'Reshape',
  FUSED.gelu,
  FUSED.adamStep,
  FUSED.layerNorm,
  FUSED.scaledSoftmax,
  FUSED.transpose0213,
  'SomeNewKernel',
])
  tf.registerKernel({ kernelName, backendName: BACKEND, kernelFunc: () => ({}) as never });

describe('kernelSplit', () => {
  it('counts the fused native kernels in the group of the work they fuse', () => {
    const split = kernelSplit(
      [
        { kernel: 'BatchMatMul', calls: 1, ms: 100 },
        { kernel: FUSED.gelu, calls: 1, ms: 5 },
        { kernel: FUSED.adamStep, calls: 1, ms: 3 },
        { kernel: FUSED.layerNorm, calls: 1, ms: 7 },
        { kernel: FUSED.scaledSoftmax, calls: 1, ms: 11 },
        { kernel: FUSED.transpose0213, calls: 1, ms: 13 },
        { kernel: 'Reshape', calls: 1, ms: 2 },
        { kernel: 'SomeNewKernel', calls: 1, ms: 1 },
      ],
      BACKEND,
    );
    expect(split).toEqual({ matmul: 100, elementwise: 8, reduction: 18, copy: 15, other: 1 });
  });

  it('leaves out custom-op wrappers, whose time already holds their kernels', () => {
    const split = kernelSplit(
      [
        { kernel: 'BatchMatMul', calls: 1, ms: 100 },
        { kernel: 'fusedMatMul__op', calls: 1, ms: 100 },
      ],
      BACKEND,
    );
    expect(split.matmul + split.other).toBe(100);
  });
});
