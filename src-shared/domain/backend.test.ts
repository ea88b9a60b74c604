import { describe, expect, it } from 'vitest';
import { describeCompute } from './backend';

const blas =
  'OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH NO_AFFINITY Cooperlake MAX_THREADS=64; core Cooperlake';

describe('describeCompute', () => {
  it('names the matmul path, OpenBLAS build and fused kernels on wasm', () => {
    const c = { name: 'wasm', threads: 1, matmul: 'openblas', blas, fusedKernels: true } as const;
    expect(describeCompute(c)).toBe(`wasm, matmul openblas ×1 (${blas}), fused kernels`);
    expect(describeCompute(c, { brief: true })).toBe(
      'wasm, matmul openblas ×1 (OpenBLAS 0.3.21, core Cooperlake), fused kernels',
    );
  });

  it('says XNNPACK without fused kernels, and only the threads of a native backend', () => {
    expect(
      describeCompute({ name: 'wasm', threads: 1, matmul: 'xnnpack', fusedKernels: false }),
    ).toBe('wasm, matmul xnnpack ×1, no fused kernels');
    expect(describeCompute({ name: 'tensorflow', threads: 8 })).toBe('tensorflow, 8 threads');
  });
});
