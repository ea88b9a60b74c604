import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CorruptionConfig } from '@shared/domain/corruption';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { microConfig, microTraining, syntheticSource } from '../../../tests/support/engine/micro';
import { useTestBackend } from '../../../tests/support/engine/setup';
import { AVModel } from '../model/model';
import { trainRun } from './loop';
import { AdamOptimizer } from './optimizer';
import { learningRateAt } from './schedule';
import { trainStep } from './step';

beforeAll(useTestBackend);
const dir = mkdtempSync(join(tmpdir(), 'avlab-train-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const shape = { audioFrames: 8, melBins: 8, imageSize: 8, imageChannels: 1 };
const source = syntheticSource(shape, 3, { train: 24, val: 6, test: 6 }, 4);
const corruption: CorruptionConfig = {
  audioNoises: ['gaussian', 'time_mask'],
  visualNoises: ['blur', 'occlusion'],
  severity: 0.5,
  rate: 0.5,
};
const training = microTraining;

describe('training', () => {
  it('overfits a tiny batch to 100 % (FT and PL)', () => {
    for (const method of ['ft', 'pl'] as const) {
      const model = new AVModel(microConfig(), 2);
      model.setMethod(method, 'complete');
      const opt = new AdamOptimizer(model.trainableParams(), { weightDecay: 0, decoupled: true });
      const batch = source.batch([0, 1, 2, 3, 4, 5]);
      let last = { loss: Infinity, correct: 0 };
      for (let i = 0; i < 60 && last.correct < 6; i++)
        last = trainStep(model, opt, batch, { lr: 1e-2, labelSmoothing: 0, clipNorm: 0 });
      expect(last.correct).toBe(6);
      opt.dispose();
      model.dispose();
    }
  });

  it('keeps the tensor count constant over 20 steps', () => {
    const model = new AVModel(microConfig(), 2);
    model.setMethod('pl', 'noisy_both');
    const opt = new AdamOptimizer(model.trainableParams(), { weightDecay: 0.1, decoupled: false });
    const batch = source.batch([0, 1, 2, 3]);
    trainStep(model, opt, batch, { lr: 1e-3, labelSmoothing: 0.1, clipNorm: 1 });
    const count = tf.memory().numTensors;
    for (let i = 0; i < 20; i++)
      trainStep(model, opt, batch, { lr: 1e-3, labelSmoothing: 0.1, clipNorm: 1 });
    expect(tf.memory().numTensors).toBe(count);
    opt.dispose();
    model.dispose();
  });

  it('same seed gives the same loss sequence; a resumed run ends like an uninterrupted one', async () => {
    const losses = async (seed: number) => {
      const model = new AVModel(microConfig(), 1);
      const seen: number[] = [];
      const r = await trainRun({
        model,
        source,
        config: training({ seed }),
        corruption,
        hooks: { onStep: (p) => seen.push(p.loss) },
      });
      model.dispose();
      return { seen, r };
    };
    const a = await losses(9);
    const b = await losses(9);
    const c = await losses(10);
    expect(a.seen).toHaveLength(9);
    expect(b.seen).toEqual(a.seen);
    expect(c.seen).not.toEqual(a.seen);
    expect(a.r.status).toBe('completed');
    expect(a.r.efficiency.trainableParams).toBe(a.r.efficiency.totalParams);

    // Interrupt after epoch 1 (cancel), resume from its checkpoint in a fresh model.
    const first = new AVModel(microConfig(), 1);
    const ckpt = join(dir, 'epoch1.safetensors');
    let epochsDone = 0;
    const cut = await trainRun({
      model: first,
      source,
      config: training(),
      corruption,
      hooks: {
        onEpochEnd: async (_m, save) => {
          await save(ckpt);
          epochsDone++;
        },
        control: () => (epochsDone >= 1 ? 'cancel' : 'continue'),
      },
    });
    expect(cut.status).toBe('cancelled');
    expect(cut.epochsCompleted).toBe(1);
    first.dispose();
    const second = new AVModel(microConfig(), 999); // different init: everything must come from the file
    const resumed = await trainRun({
      model: second,
      source,
      config: training(),
      corruption,
      resumeFrom: ckpt,
    });
    second.dispose();
    expect(resumed.history.map((m) => [m.trainLoss, m.valLoss, m.valAccuracy])).toEqual(
      a.r.history.map((m) => [m.trainLoss, m.valLoss, m.valAccuracy]),
    );
  });

  it('PL starts from an FT backbone and the run reports its efficiency', async () => {
    const ft = new AVModel(microConfig(), 1);
    const ftPath = join(dir, 'ft.safetensors');
    await trainRun({
      model: ft,
      source,
      config: training({ case: 'complete', epochs: 1 }),
      corruption,
      hooks: { onEpochEnd: (_m, save) => save(ftPath) },
    });
    const ftHead = ft.params.get('backbone.norm.weight').variable.dataSync().slice();
    ft.dispose();
    const pl = new AVModel(microConfig(), 2);
    const r = await trainRun({
      model: pl,
      source,
      config: training({ method: 'pl', epochs: 1 }),
      corruption,
      initFrom: ftPath,
    });
    expect(pl.params.get('backbone.norm.weight').variable.dataSync()).toEqual(ftHead);
    expect(r.efficiency.trainableParams).toBeLessThan(r.efficiency.totalParams / 10);
    expect(r.efficiency.trainSamplesPerSec).toBeGreaterThan(0);
    expect(r.efficiency.peakTensorBytes).toBeGreaterThan(0);
    expect(r.efficiency.backend).toBe('wasm');
    pl.dispose();
  });

  it('pause waits between steps and then continues', async () => {
    const model = new AVModel(microConfig(), 1);
    let polls = 0;
    const steps: number[] = [];
    const r = await trainRun({
      model,
      source,
      config: training({ epochs: 1 }),
      corruption,
      hooks: {
        control: () => (++polls <= 3 ? 'pause' : 'continue'),
        onStep: (p) => steps.push(p.step),
      },
    });
    expect(r.status).toBe('completed');
    expect(steps).toEqual([1, 2, 3]);
    expect(polls).toBe(3 + 3); // three polls while paused, then one per step
    model.dispose();
  });

  it('warm-up rises linearly, cosine decays to 0', () => {
    const o = { base: 1, totalSteps: 10, warmupSteps: 2, schedule: 'cosine' as const };
    expect([0, 1].map((s) => learningRateAt(s, o))).toEqual([0.5, 1]);
    expect(learningRateAt(2, o)).toBeCloseTo(1);
    expect(learningRateAt(6, o)).toBeCloseTo(0.5);
    expect(learningRateAt(10, o)).toBeCloseTo(0);
    expect(learningRateAt(7, { ...o, schedule: 'constant' })).toBe(1);
  });
});
