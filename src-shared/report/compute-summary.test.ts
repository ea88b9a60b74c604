import { describe, expect, it } from 'vitest';
import type { RunCompute } from '../domain/backend';
import { computeSummary } from './compute-summary';
import { fakeRun } from './testing';

const openblas: RunCompute = {
  name: 'wasm',
  threads: 1,
  matmul: 'openblas',
  blas: 'OpenBLAS 0.3.21; core Cooperlake',
  fusedKernels: true,
};

describe('computeSummary', () => {
  it('counts the runs of each setup, most first, and says when a setup was not recorded', () => {
    const runs = [
      { ...fakeRun(1, 'backbone', 'ft', 'complete', 0), compute: openblas },
      { ...fakeRun(2, 'adapt', 'pl', 'noisy_audio', 0), compute: openblas },
      {
        ...fakeRun(3, 'adapt', 'pl', 'noisy_audio', 1),
        compute: { ...openblas, blas: 'OpenBLAS 0.3.21; core Haswell' },
      },
      { ...fakeRun(4, 'backbone', 'ft', 'complete', 1), compute: null },
      { ...fakeRun(5, 'backbone', 'ft', 'complete', 2), compute: null, backend: null },
    ];
    expect(computeSummary(runs)).toBe(
      'wasm, matmul openblas ×1 (OpenBLAS 0.3.21; core Cooperlake), fused kernels (2 runs); ' +
        'wasm, matmul openblas ×1 (OpenBLAS 0.3.21; core Haswell), fused kernels (1 run); ' +
        'wasm, setup not recorded (1 run)',
    );
  });

  it('is empty while no run has started', () => {
    expect(
      computeSummary([{ ...fakeRun(1, 'backbone', 'ft', 'complete', 0), backend: null }]),
    ).toBe('');
  });
});
