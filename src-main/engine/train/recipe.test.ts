import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CorruptionConfig } from '@shared/domain/corruption';
import { NO_RECIPE, type TrainingRecipe, TrainingRecipeSchema } from '@shared/domain/recipe';
import type { TrainingConfig } from '@shared/domain/training';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { microConfig, microTraining, syntheticSource } from '../../../tests/support/engine/micro';
import { useTestBackend } from '../../../tests/support/engine/setup';
import { AVModel } from '../model/model';
import { trainRun } from './loop';
import { crossEntropy } from './loss';
import { AdamOptimizer } from './optimizer';
import { batchTensors, trainStep } from './step';

beforeAll(useTestBackend);
const dir = mkdtempSync(join(tmpdir(), 'avlab-recipe-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const shape = { audioFrames: 8, melBins: 8, imageSize: 8, imageChannels: 1 };
const source = syntheticSource(shape, 3, { train: 24, val: 6, test: 6 }, 4);
const corruption: CorruptionConfig = {
  audioNoises: ['gaussian'],
  visualNoises: ['blur'],
  severity: 0.5,
  rate: 1,
};
const FULL: TrainingRecipe = TrainingRecipeSchema.parse({
  modalityDropout: 0.5,
  auxLossWeight: 0.5,
  gradientModulation: { method: 'ogm-ge', alpha: 0.5 },
  augmentation: { audioTimeShift: 0.3, audioTimeMask: 0.3, audioFreqMask: 0.3, imageCropPad: 2 },
});
const training = (over: Partial<TrainingConfig> = {}): TrainingConfig =>
  microTraining({ case: 'complete', epochs: 2, recipe: FULL, ...over });
const remedies = () => microConfig({ convStem: true, auxHeads: true });

describe('training recipe', () => {
  it('FT without the auxiliary loss trains a model that has aux heads and leaves them untouched', async () => {
    const model = new AVModel(remedies(), 2);
    const aux = model.params.all().filter((p) => p.name.includes('_aux_'));
    expect(aux.length).toBeGreaterThan(0);
    const before = aux.map((p) => p.variable.dataSync().slice());
    const stem = model.params.get('backbone.audio_embed.weight').variable.dataSync().slice();
    await trainRun({
      model,
      source,
      config: training({ recipe: NO_RECIPE, epochs: 1 }),
      corruption,
    });
    for (const [i, p] of aux.entries()) expect(p.variable.dataSync()).toEqual(before[i]);
    expect(model.params.get('backbone.audio_embed.weight').variable.dataSync()).not.toEqual(stem);
    model.dispose();
  });

  it('the full recipe is seeded, leaks no tensor, and a resumed run ends like an uninterrupted one', async () => {
    const tensorsBefore = tf.memory().numTensors;
    const whole = new AVModel(remedies(), 1);
    const a = await trainRun({ model: whole, source, config: training(), corruption });
    whole.dispose();
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    const ckpt = join(dir, 'epoch1.safetensors');
    const cutModel = new AVModel(remedies(), 1);
    let done = 0;
    await trainRun({
      model: cutModel,
      source,
      config: training(),
      corruption,
      hooks: {
        onEpochEnd: async (_m, save) => {
          await save(ckpt);
          done++;
        },
        control: () => (done >= 1 ? 'cancel' : 'continue'),
      },
    });
    cutModel.dispose();
    const third = new AVModel(remedies(), 998);
    const fromEpoch1 = await trainRun({
      model: third,
      source,
      config: training(),
      corruption,
      resumeFrom: ckpt,
    });
    third.dispose();
    expect(fromEpoch1.history.map((m) => [m.trainLoss, m.valLoss])).toEqual(
      a.history.map((m) => [m.trainLoss, m.valLoss]),
    );
  });

  it('augmentation and modality dropout change training batches only, never validation', async () => {
    // At lr 1e-20 no weight moves (w + 1e-20 = w in float32): the runs differ only in their data.
    const run = async (recipe: TrainingRecipe) => {
      const model = new AVModel(microConfig(), 1);
      const r = await trainRun({
        model,
        source,
        config: training({ epochs: 1, lr: 1e-20, weightDecay: 0, recipe }),
        corruption,
      });
      model.dispose();
      return r.history[0]!;
    };
    const plain = await run(NO_RECIPE);
    const heavy = await run({
      ...FULL,
      auxLossWeight: 0,
      gradientModulation: null,
      modalityDropout: 0.9,
    });
    expect(heavy.valLoss).toBe(plain.valLoss);
    expect(heavy.valAccuracy).toBe(plain.valAccuracy);
    expect(heavy.trainLoss).not.toBe(plain.trainLoss);
  });

  it('the loss is CE(main) + w·(CE(audio head) + CE(visual head)); OGM-GE slows one encoder', () => {
    const model = new AVModel(remedies(), 3);
    const opt = new AdamOptimizer(model.trainableParams(), { weightDecay: 0, decoupled: true });
    const batch = source.batch([0, 1, 2, 3, 4, 5]);
    const expected = tf.tidy(() => {
      const { audio, visual, labels } = batchTensors(model, batch);
      const { logits, aux } = model.forwardOutputs(audio, visual, {}, true);
      const ce = (l: tf.Tensor2D) => crossEntropy(l, labels, 0.1).dataSync()[0]!;
      return ce(logits) + 0.7 * (ce(aux!.audio) + ce(aux!.visual));
    });
    const r = trainStep(model, opt, batch, {
      lr: 1e-3,
      labelSmoothing: 0.1,
      clipNorm: 1,
      auxLossWeight: 0.7,
      gradientModulation: { alpha: 0.5, seed: 1 },
    });
    expect(r.loss).toBeCloseTo(expected, 5);
    const k = r.modulation!;
    expect(Math.max(k.audio, k.visual)).toBe(1);
    expect(Math.min(k.audio, k.visual)).toBeLessThan(1);
    expect(() =>
      trainStep(new AVModel(microConfig(), 1), opt, batch, {
        lr: 1e-3,
        labelSmoothing: 0,
        clipNorm: 0,
        auxLossWeight: 0.5,
      }),
    ).toThrow(/auxHeads/);
    opt.dispose();
    model.dispose();
  });
});
