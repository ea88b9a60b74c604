import { describe, expect, it } from 'vitest';
import { createSampleRun, memoryStore } from '../testing';

const progress = (epoch: number, step: number, loss: number) => ({
  epoch,
  step,
  stepsPerEpoch: 4,
  loss,
  accuracy: 0.5,
  samplesPerSec: 100,
  etaSeconds: 1,
});

describe('StepMetricsRepository', () => {
  it('stores every step of a run in order, and a resumed step overwrites the lost one', () => {
    const store = memoryStore();
    const run = createSampleRun(store.runs);
    store.steps.add(run.id, progress(2, 1, 0.9));
    store.steps.add(run.id, progress(1, 1, 2.0));
    store.steps.add(run.id, progress(1, 2, 1.5));
    store.steps.add(run.id, progress(2, 1, 0.8));
    expect(store.steps.list(run.id)).toEqual([
      { epoch: 1, step: 1, stepsPerEpoch: 4, loss: 2.0, accuracy: 0.5 },
      { epoch: 1, step: 2, stepsPerEpoch: 4, loss: 1.5, accuracy: 0.5 },
      { epoch: 2, step: 1, stepsPerEpoch: 4, loss: 0.8, accuracy: 0.5 },
    ]);
  });

  it('goes with its run', () => {
    const store = memoryStore();
    const run = createSampleRun(store.runs);
    store.steps.add(run.id, progress(1, 1, 2.0));
    store.db.prepare('DELETE FROM runs WHERE id = ?').run(run.id);
    expect(store.steps.list(run.id)).toEqual([]);
  });
});
