import { afterEach, describe, expect, it } from 'vitest';
import { selectBackend } from './backend';
import { fusedKernelsActive } from './wasm-kernels/fused-kernels';
import { loadNativeBlas } from './wasm-kernels/native-blas';

describe('selectBackend', () => {
  afterEach(() => {
    delete process.env.AVLAB_BACKEND;
  });

  it('rejects an unknown AVLAB_BACKEND by name', async () => {
    process.env.AVLAB_BACKEND = 'tpu';
    await expect(selectBackend()).rejects.toThrow(/AVLAB_BACKEND="tpu"/);
  });

  it('honours the env override and reports why better backends were skipped', async () => {
    process.env.AVLAB_BACKEND = 'wasm';
    const report = await selectBackend();
    expect(report.name).toBe('wasm');
    expect(report.skipped.map((s) => s.name)).toEqual(['tensorflow-gpu', 'tensorflow']);
    expect(report.skipped[0]!.reason).toMatch(/AVLAB_BACKEND=wasm/);
    expect(await selectBackend('cpu')).toBe(report); // once per process
  });

  it('says on wasm what decides a run’s rounding: matmul path, OpenBLAS kernels, fused kernels', async () => {
    const report = await selectBackend('wasm');
    const { blas } = loadNativeBlas();
    expect(report.matmul).toBe(blas ? 'openblas' : 'xnnpack');
    if (blas) expect(report.blas).toMatch(/OpenBLAS .*; core \w+/);
    else expect(report.blas).toBeUndefined();
    expect(report.fusedKernels).toBe(fusedKernelsActive());
  });
});
