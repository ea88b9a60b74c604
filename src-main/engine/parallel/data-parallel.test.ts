import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CorruptionConfig } from '@shared/domain/corruption';
import { NO_RECIPE, type TrainingRecipe } from '@shared/domain/recipe';
import type { TrainingConfig } from '@shared/domain/training';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { microConfig, microTraining, syntheticSource } from '../../../tests/support/engine/micro';
import { syntheticMultiLabelSource } from '../../../tests/support/engine/multi-label';
import { useTestBackend } from '../../../tests/support/engine/setup';
import { trainPeerEntry } from '../../jobs/worker-entry';
import { AVModel } from '../model/model';
import { type TrainRunResult, trainRun } from '../train/loop';
import { computeGradients } from '../train/step';
import { DataParallelGroup, PeerThread } from './data-parallel';
import { shardSizes } from './shards';

beforeAll(useTestBackend);
const dir = mkdtempSync(join(tmpdir(), 'avlab-parallel-'));
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await PeerThread.closeIdle();
});

const peerScript = trainPeerEntry();
const shape = { audioFrames: 8, melBins: 8, imageSize: 8, imageChannels: 1 };
// 21 training samples in batches of 10: the last batch has one sample, fewer than the workers.
const source = syntheticSource(shape, 3, { train: 21, val: 6, test: 6 }, 4);
const corruption: CorruptionConfig = {
  audioNoises: ['gaussian'],
  visualNoises: ['blur'],
  severity: 0.5,
  rate: 0.5,
};
const training = (over: Partial<TrainingConfig> = {}): TrainingConfig =>
  microTraining({ batchSize: 10, ...over });

interface Trained {
  result: TrainRunResult;
  weights: Map<string, Float32Array>;
}

async function train(
  workers: number,
  config: TrainingConfig,
  extra: Partial<Parameters<typeof trainRun>[0]> = {},
  auxHeads = false,
): Promise<Trained> {
  const model = new AVModel(microConfig({ auxHeads }), 3);
  try {
    const result = await trainRun({
      model,
      source,
      config,
      corruption,
      workers,
      peerScript,
      ...extra,
    });
    const weights = new Map(
      model.params.all().map((p) => [p.name, Float32Array.from(p.variable.dataSync())]),
    );
    return { result, weights };
  } finally {
    model.dispose();
  }
}

function maxWeightDiff(a: Trained, b: Trained): number {
  let worst = 0;
  for (const [name, w] of a.weights) {
    const v = b.weights.get(name)!;
    for (let i = 0; i < w.length; i++) worst = Math.max(worst, Math.abs(w[i]! - v[i]!));
  }
  return worst;
}

const losses = (t: Trained) => t.result.history.map((h) => [h.trainLoss, h.valLoss]);

describe('data-parallel training', () => {
  it('splits a batch into near-equal shards, never an empty one', () => {
    expect(shardSizes(10, 2)).toEqual([5, 5]);
    expect(shardSizes(11, 3)).toEqual([4, 4, 3]);
    expect(shardSizes(1, 3)).toEqual([1]);
    expect(() => shardSizes(4, 0)).toThrow(/positive integer/);
  });

  it('gives the global batch’s gradients, loss and predictions, whatever the worker count', async () => {
    const model = new AVModel(microConfig({ auxHeads: true }), 3);
    const params = model.trainableParams();
    const batch = source.batch(Array.from({ length: 10 }, (_, i) => i));
    const opts = { labelSmoothing: 0.1, auxLossWeight: 1, withModalityScores: true };
    const one = computeGradients(model, params, batch, opts);
    for (const workers of [2, 3]) {
      const group = await DataParallelGroup.start(model, params, workers, peerScript);
      try {
        const many = await group.computeGradients(batch, opts);
        expect(many.loss).toBeCloseTo(one.loss, 6);
        expect(many.predicted).toEqual(one.predicted);
        for (const [i, score] of many.modalityScores!.entries())
          expect(score).toBeCloseTo(one.modalityScores![i]!, 5);
        for (const [name, g] of one.grads) {
          const a = g.dataSync();
          const b = many.grads.get(name)!.dataSync();
          for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThan(1e-6);
        }
        for (const g of many.grads.values()) g.dispose();
      } finally {
        await group.close();
      }
    }
    for (const g of one.grads.values()) g.dispose();
    model.dispose();
  }, 60_000);

  it('trains like one worker, and repeats exactly for a given worker count', async () => {
    const one = await train(1, training());
    const two = await train(2, training());
    const three = await train(3, training());
    expect(two.result.efficiency.workers).toBe(2);
    // Adam turns gradient rounding (1e-8) in near-zero components into weight differences of
    // a fraction of one lr step, so whole runs agree to about 1e-3, not 1e-6.
    for (const t of [two, three]) {
      expect(maxWeightDiff(one, t)).toBeLessThan(5e-3);
      for (const [i, row] of losses(t).entries())
        for (const [j, x] of row.entries()) expect(x).toBeCloseTo(losses(one)[i]![j]!, 2);
    }
    const twoAgain = await train(2, training());
    expect(maxWeightDiff(two, twoAgain)).toBe(0);
    expect(losses(twoAgain)).toEqual(losses(two));
  }, 60_000);

  it('resumes a data-parallel run to exactly the uninterrupted one', async () => {
    const path = join(dir, 'epoch-1.safetensors');
    const whole = await train(2, training());
    await train(2, training({ epochs: 1 }), {
      hooks: { onEpochEnd: (_m, save) => save(path) },
    });
    // The checkpoint was saved by a run with epochs: 1; resume accepts a different epoch count.
    const resumed = await train(2, training(), { resumeFrom: path });
    expect(maxWeightDiff(whole, resumed)).toBe(0);
    expect(losses(resumed)).toEqual(losses(whole));
  }, 60_000);

  it('trains PL prompts and OGM-GE runs like one worker', async () => {
    const recipe: TrainingRecipe = {
      ...NO_RECIPE,
      auxLossWeight: 1,
      gradientModulation: { method: 'ogm-ge', alpha: 0.5 },
    };
    const one = await train(1, training({ recipe }), {}, true);
    const two = await train(2, training({ recipe }), {}, true);
    expect(maxWeightDiff(one, two)).toBeLessThan(5e-3);
    const pl = training({ method: 'pl', lr: 1e-2 });
    const plOne = await train(1, pl);
    const plTwo = await train(2, pl);
    expect(maxWeightDiff(plOne, plTwo)).toBeLessThan(5e-3);
    const prompts = [...plTwo.weights.keys()].filter((n) => n.startsWith('prompts.noisy_audio.'));
    expect(prompts.length).toBeGreaterThan(0);
    // Only the case's prompts moved: everything else is the initial model's.
    const untrained = await train(1, training({ method: 'pl', lr: 1e-12 }));
    for (const [name, w] of plTwo.weights)
      if (!name.startsWith('prompts.noisy_audio.'))
        expect(Math.max(...w.map((x, i) => Math.abs(x - untrained.weights.get(name)![i]!)))).toBe(
          0,
        );
  }, 90_000);

  it('gives a multi-label batch’s BCE gradients (aux heads too) whatever the worker count', async () => {
    const multi = syntheticMultiLabelSource(shape, 3, { train: 10, val: 0, test: 0 }, 4);
    const model = new AVModel(microConfig({ auxHeads: true }), 3);
    const params = model.trainableParams();
    const batch = multi.batch(Array.from({ length: 10 }, (_, i) => i));
    const opts = { labelSmoothing: 0.1, auxLossWeight: 1 };
    const one = computeGradients(model, params, batch, opts);
    // Without its targets a shard would train with softmax cross-entropy: a different loss.
    const softmax = computeGradients(model, params, { ...batch, targets: undefined }, opts);
    expect(Math.abs(softmax.loss - one.loss)).toBeGreaterThan(1e-3);
    for (const g of softmax.grads.values()) g.dispose();
    const group = await DataParallelGroup.start(model, params, 3, peerScript);
    try {
      const many = await group.computeGradients(batch, opts);
      expect(many.loss).toBeCloseTo(one.loss, 6);
      expect(many.predicted).toEqual(one.predicted);
      for (const [name, g] of one.grads) {
        const a = g.dataSync();
        const b = many.grads.get(name)!.dataSync();
        for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThan(1e-6);
      }
      for (const g of many.grads.values()) g.dispose();
    } finally {
      await group.close();
    }
    for (const g of one.grads.values()) g.dispose();
    model.dispose();
  }, 60_000);
});
