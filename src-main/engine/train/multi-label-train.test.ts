import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CorruptionConfig } from '@shared/domain/corruption';
import { NO_RECIPE } from '@shared/domain/recipe';
import { selectedEpoch } from '@shared/domain/selection';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { microConfig, microTraining } from '../../../tests/support/engine/micro';
import { syntheticMultiLabelSource } from '../../../tests/support/engine/multi-label';
import { useTestBackend } from '../../../tests/support/engine/setup';
import { evaluate } from '../eval/evaluate';
import { AVModel } from '../model/model';
import { trainRun } from './loop';
import { AdamOptimizer } from './optimizer';
import { trainStep } from './step';

beforeAll(useTestBackend);
const dir = mkdtempSync(join(tmpdir(), 'avlab-multi-label-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const shape = { audioFrames: 8, melBins: 8, imageSize: 8, imageChannels: 1 };
const source = syntheticMultiLabelSource(shape, 3, { train: 24, val: 9, test: 9 }, 4);
const corruption: CorruptionConfig = {
  audioNoises: ['gaussian'],
  visualNoises: ['blur'],
  severity: 0.5,
  rate: 0.5,
};

describe('multi-label training (sigmoid + BCE)', () => {
  it('fits a tiny batch: every label above 0.5, every other class below', () => {
    const model = new AVModel(microConfig(), 2);
    model.setMethod('ft', 'complete');
    const opt = new AdamOptimizer(model.trainableParams(), { weightDecay: 0, decoupled: true });
    const ids = [0, 1, 2, 3, 4, 5];
    const batch = source.batch(ids);
    const count = tf.memory().numTensors;
    const probabilities = () => {
      const probs = tf.tidy(() =>
        tf.sigmoid(
          model.forward(
            tf.tensor3d(batch.audio, [6, 8, 8]),
            tf.tensor4d(batch.visual, [6, 8, 8, 1]),
          ),
        ),
      );
      const p = probs.dataSync();
      probs.dispose();
      return p;
    };
    const fitted = () => probabilities().every((v, i) => v > 0.5 === (batch.targets![i] === 1));
    let last = { loss: Infinity, correct: 0 };
    for (let i = 0; i < 100 && !(i % 10 === 0 && i > 0 && fitted()); i++)
      last = trainStep(model, opt, batch, { lr: 1e-2, labelSmoothing: 0, clipNorm: 0 });
    expect(tf.memory().numTensors).toBe(count);
    expect(last.correct).toBe(6);
    const p = probabilities();
    // Odd samples have two labels: a softmax head could not put both above 0.5.
    for (let i = 0; i < p.length; i++) expect(p[i]! > 0.5).toBe(batch.targets![i] === 1);
    opt.dispose();
    model.dispose();
  });

  it('trains and evaluates end to end: validation mAP per epoch, test mAP / AUC / per-class AP', async () => {
    const model = new AVModel(microConfig({ auxHeads: true }), 3);
    const result = await trainRun({
      model,
      source,
      config: microTraining({
        epochs: 4,
        lr: 1e-2,
        recipe: { ...NO_RECIPE, auxLossWeight: 0.5 },
      }),
      corruption,
    });
    const history = result.history;
    expect(history.map((h) => h.valMap)).toEqual(history.map(() => expect.any(Number)));
    expect(history.at(-1)!.trainLoss).toBeLessThan(history[0]!.trainLoss);
    // best-val picks an epoch of highest validation mAP (ties go to the lower validation loss).
    const chosen = history.find((h) => h.epoch === selectedEpoch(history, 'best-val'))!;
    expect(chosen.valMap).toBe(Math.max(...history.map((h) => h.valMap!)));
    const e = await evaluate(model, source, {
      indices: source.indices('test'),
      case: 'complete',
      prompting: 'situation',
      corruption,
      seed: 1,
    });
    expect(e.confusion).toEqual([]);
    expect(e.multiLabel!.perClassAp).toHaveLength(3);
    expect(e.multiLabel!.mapSkipped).toBe(0);
    // Test samples 33..41: class i mod 3, odd ones also (i + 1) mod 3.
    const positives = [0, 0, 0];
    for (const i of source.indices('test')) for (const c of source.labelSets[i]!) positives[c]!++;
    expect(e.multiLabel!.positives).toEqual(positives);
    expect(e.multiLabel!.map).toBeGreaterThan(0.8);
    expect(e.multiLabel!.auc).toBeGreaterThan(0.8);
    expect(e.predictions[1]!.labels).toEqual(source.labelSets[source.indices('test')[1]!]);
    model.dispose();
  }, 60_000);

  it('refuses OGM-GE by name', async () => {
    const model = new AVModel(microConfig({ auxHeads: true }), 3);
    await expect(
      trainRun({
        model,
        source,
        config: microTraining({
          epochs: 1,
          recipe: {
            ...NO_RECIPE,
            auxLossWeight: 1,
            gradientModulation: { method: 'ogm-ge', alpha: 0.5 },
          },
        }),
        corruption,
      }),
    ).rejects.toThrow(/OGM-GE .*not available for multi-label/);
    model.dispose();
  });

  it('a balanced run resumes to exactly the uninterrupted one', async () => {
    const path = join(dir, 'epoch-1.safetensors');
    const config = microTraining({ epochs: 2, sampler: 'balanced' });
    const run = async (extra: Partial<Parameters<typeof trainRun>[0]>, epochs = 2) => {
      const model = new AVModel(microConfig(), 3);
      try {
        const r = await trainRun({
          model,
          source,
          config: { ...config, epochs },
          corruption,
          ...extra,
        });
        return {
          history: r.history,
          weights: model.params.all().map((p) => [...p.variable.dataSync()]),
        };
      } finally {
        model.dispose();
      }
    };
    const whole = await run({});
    await run({ hooks: { onEpochEnd: (_m, save) => save(path) } }, 1);
    const resumed = await run({ resumeFrom: path });
    expect(resumed.weights).toEqual(whole.weights);
    expect(resumed.history.map((h) => h.trainLoss)).toEqual(whole.history.map((h) => h.trainLoss));
    // The balanced order differs from the uniform one (it draws with replacement).
    const plain = await (async () => {
      const model = new AVModel(microConfig(), 3);
      try {
        return (
          await trainRun({ model, source, config: { ...config, sampler: 'uniform' }, corruption })
        ).history;
      } finally {
        model.dispose();
      }
    })();
    expect(plain.map((h) => h.trainLoss)).not.toEqual(whole.history.map((h) => h.trainLoss));
  }, 60_000);
});
