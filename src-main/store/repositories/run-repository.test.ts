import { describe, expect, it } from 'vitest';
import { createSampleRun, memoryStore, sampleRunConfig } from '../testing';

describe('RunRepository', () => {
  it('round-trips a run with its config', () => {
    const { runs } = memoryStore();
    const config = sampleRunConfig({ seed: 3 });
    const run = runs.create({
      experimentId: null,
      parentRunId: null,
      datasetId: 'demo',
      role: 'single',
      config,
    });
    expect(runs.get(run.id)).toMatchObject({
      status: 'queued',
      method: 'pl',
      case: 'noisy_audio',
      seed: 3,
      missingRate: 1,
      config,
      backend: null,
      compute: null,
    });
  });

  it('keeps what computed a run, without the backends it skipped', () => {
    const { runs } = memoryStore();
    const run = createSampleRun(runs);
    runs.markStarted(run.id, {
      name: 'wasm',
      skipped: [{ name: 'tensorflow', reason: 'not installed' }],
      threads: 1,
      matmul: 'openblas',
      blas: 'OpenBLAS 0.3.21 DYNAMIC_ARCH; core Cooperlake',
      fusedKernels: true,
    });
    expect(runs.get(run.id)).toMatchObject({
      backend: 'wasm',
      compute: {
        name: 'wasm',
        threads: 1,
        matmul: 'openblas',
        blas: 'OpenBLAS 0.3.21 DYNAMIC_ARCH; core Cooperlake',
        fusedKernels: true,
      },
    });
    expect(runs.get(run.id)?.compute).not.toHaveProperty('skipped');
  });

  it('lists queued runs in creation order and tracks status changes', () => {
    const { runs } = memoryStore();
    const make = () => createSampleRun(runs);
    const [a, b, c] = [make(), make(), make()];
    runs.markStarted(a.id, { name: 'wasm', skipped: [] });
    runs.markFinished(c.id, 'cancelled');
    expect(runs.queued().map((r) => r.id)).toEqual([b.id]);
    expect(runs.get(a.id)).toMatchObject({ status: 'running', backend: 'wasm' });
    expect(runs.get(c.id)?.finishedAt).not.toBeNull();
  });

  it('marks running runs interrupted at start-up, and leaves paused and finished ones', () => {
    const { runs } = memoryStore();
    const make = () => createSampleRun(runs);
    const [running, paused, done] = [make(), make(), make()];
    runs.markStarted(running.id, { name: 'wasm', skipped: [] });
    runs.setStatus(paused.id, 'paused');
    runs.markFinished(done.id, 'done');
    expect(runs.markInterrupted()).toBe(1);
    expect([running, paused, done].map((r) => runs.get(r.id)?.status)).toEqual([
      'interrupted',
      'paused',
      'done',
    ]);
  });
});
