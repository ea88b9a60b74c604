import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CorruptionConfig } from '@shared/domain/corruption';
import type { TrainingConfig } from '@shared/domain/training';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { microConfig, microTraining, syntheticSource } from '../../../tests/support/engine/micro';
import {
  expectSameValues,
  onEachMatmulPath,
  useTestBackend,
} from '../../../tests/support/engine/setup';
import { trainPeerEntry } from '../../jobs/worker-entry';
import { EncoderCacheStore } from '../cache/store';
import { AVModel } from '../model/model';
import { PeerThread } from '../parallel/data-parallel';
import { trainRun } from './loop';

beforeAll(useTestBackend);
const dir = mkdtempSync(join(tmpdir(), 'avlab-drawn-'));
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await PeerThread.closeIdle();
});
const peerScript = trainPeerEntry();

const shape = { audioFrames: 8, melBins: 8, imageSize: 8, imageChannels: 1 };
const source = syntheticSource(shape, 3, { train: 20, val: 6, test: 0 }, 8);
const corruption: CorruptionConfig = {
  audioNoises: ['gaussian', 'time_mask'],
  visualNoises: ['blur', 'occlusion'],
  severity: 0.5,
  rate: 0.5,
};
const training = (over: Partial<TrainingConfig> = {}): TrainingConfig =>
  microTraining({
    method: 'pl',
    case: 'noisy_both',
    lr: 1e-2,
    weightDecay: 0,
    warmupEpochs: 0,
    seed: 3,
    corruptionDraws: 3,
    ...over,
  });

async function run(config: TrainingConfig, cached: boolean, workers = 1) {
  const model = new AVModel(microConfig({ inputPromptMode: 'readonly' }), 13);
  const result = await trainRun({
    model,
    source,
    config,
    corruption,
    encoderCache: cached
      ? { store: new EncoderCacheStore(join(dir, 'cache'), 1e9), data: 'synthetic', chunkRows: 8 }
      : undefined,
    workers,
    peerScript,
  });
  model.dispose();
  return result;
}

describe('training with per-sample corruption draws', () => {
  it('gives the same loss history with the encoder cache as without it (bit for bit on XNNPACK)', async () => {
    await onEachMatmulPath(async (_, exact) => {
      const without = await run(training(), false);
      const withCache = await run(training(), true);
      expect(without.corruptionDraws?.cacheSkipped).toBe('no cache given');
      expect(withCache.corruptionDraws?.cacheSkipped).toBeNull();
      expect(withCache.corruptionDraws?.cache?.chunksBuilt).toBeGreaterThan(0);
      const losses = (r: typeof without) => r.history.flatMap((m) => [m.trainLoss, m.valLoss!]);
      expectSameValues(losses(withCache), losses(without), exact, 1e-4);
      // A second run of the family reuses every entry, and trains exactly as the first.
      const again = await run(training(), true);
      expect(again.corruptionDraws?.cache?.chunksBuilt).toBe(0);
      expect(losses(again)).toEqual(losses(withCache));
    });
  });

  it('splits the cached content with the batch over data-parallel workers', async () => {
    const single = await run(training(), true);
    const split = await run(training(), true, 2);
    expect(split.corruptionDraws?.cacheSkipped).toBeNull();
    split.history.forEach((m, i) => {
      expect(m.trainLoss).toBeCloseTo(single.history[i]!.trainLoss, 5);
    });
  });

  it('differs from per-batch corruption and from other draw counts (the draws are used)', async () => {
    const perBatch = await run(training({ corruptionDraws: null }), false);
    const one = await run(training({ corruptionDraws: 1 }), false);
    const three = await run(training(), false);
    expect(perBatch.corruptionDraws).toBeUndefined();
    expect(one.history[2]!.trainLoss).not.toBe(three.history[2]!.trainLoss);
    expect(perBatch.history[2]!.trainLoss).not.toBe(three.history[2]!.trainLoss);
  });

  it('skips the cache, saying why, when the run does not qualify', async () => {
    const deep = new AVModel(microConfig({ inputPromptMode: 'deep' }), 13);
    const result = await trainRun({
      model: deep,
      source,
      config: training({ epochs: 1 }),
      corruption,
      encoderCache: { store: new EncoderCacheStore(join(dir, 'cache'), 1e9), data: 'synthetic' },
    });
    expect(result.corruptionDraws?.cacheSkipped).toMatch(/readonly/);
    deep.dispose();
    const off = await run(training({ epochs: 1, encoderCache: 'off' }), true);
    expect(off.corruptionDraws?.cacheSkipped).toMatch(/off/);
    // A video source: each step draws one of k frames, which one cached image cannot hold.
    const readonly = new AVModel(microConfig({ inputPromptMode: 'readonly' }), 13);
    const video = await trainRun({
      model: readonly,
      source: { ...source, batch: source.batch.bind(source), framesPerSample: 10 },
      config: training({ epochs: 1 }),
      corruption,
      encoderCache: { store: new EncoderCacheStore(join(dir, 'cache'), 1e9), data: 'synthetic' },
    });
    expect(video.corruptionDraws?.cacheSkipped).toBe(
      'training draws one of 10 video frames per sample',
    );
    readonly.dispose();
  });
});
