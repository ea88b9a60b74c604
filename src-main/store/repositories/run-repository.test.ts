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
    });
  });

  it('lists queued runs in creation order and tracks status changes', () => {
    const { runs } = memoryStore();
    const make = () => createSampleRun(runs);
    const [a, b, c] = [make(), make(), make()];
    runs.markStarted(a.id, 'wasm');
    runs.markFinished(c.id, 'cancelled');
    expect(runs.queued().map((r) => r.id)).toEqual([b.id]);
    expect(runs.get(a.id)).toMatchObject({ status: 'running', backend: 'wasm' });
    expect(runs.get(c.id)?.finishedAt).not.toBeNull();
  });

  it('marks running runs interrupted at start-up, and leaves paused and finished ones', () => {
    const { runs } = memoryStore();
    const make = () => createSampleRun(runs);
    const [running, paused, done] = [make(), make(), make()];
    runs.markStarted(running.id, 'wasm');
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
