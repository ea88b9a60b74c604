import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Case } from '@shared/domain/cases';
import { type CorruptionConfig, DEFAULT_CORRUPTION } from '@shared/domain/corruption';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { microConfig, syntheticSource } from '../../../tests/support/engine/micro';
import {
  expectSameValues,
  onEachMatmulPath,
  useTestBackend,
} from '../../../tests/support/engine/setup';
import { CorruptionDraws } from '../corruption-draws';
import { AVModel } from '../model/model';
import { RunEncoderCache } from './run-cache';
import { EncoderCacheStore } from './store';

beforeAll(useTestBackend);
const root = mkdtempSync(join(tmpdir(), 'avlab-run-cache-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const shape = { audioFrames: 8, melBins: 8, imageSize: 8, imageChannels: 1 };
const source = syntheticSource(shape, 3, { train: 10, val: 0, test: 0 }, 3);
const ids = source.indices('train');
const corruption: CorruptionConfig = { ...DEFAULT_CORRUPTION, rate: 0.5 };
const model = new AVModel(microConfig({ inputPromptMode: 'readonly', audioBlocks: 2 }), 21);
model.setMethod('pl', 'noisy_audio');

function prepare(
  dir: string,
  o: { testCase?: Case; config?: CorruptionConfig; seed?: number; k?: number; data?: string } = {},
  extra: { maxChunksPerBuild?: number; dtype?: 'float32' | 'float16' } = {},
) {
  const draws = new CorruptionDraws(
    ids,
    shape,
    o.testCase ?? 'noisy_audio',
    o.config ?? corruption,
    o.seed ?? 5,
    o.k ?? 2,
  );
  const cache = RunEncoderCache.prepare(model, source, draws, extra.dtype ?? 'float32', {
    store: new EncoderCacheStore(join(root, dir), 1e9),
    data: o.data ?? 'synthetic/settings-a',
    chunkRows: 4,
    maxChunksPerBuild: extra.maxChunksPerBuild,
  });
  if (!cache) throw new Error('did not fit');
  return { cache, draws };
}

describe('a run’s encoder cache', () => {
  it('returns what the encoders compute on each row’s drawn corruption (bit for bit on XNNPACK)', async () => {
    await onEachMatmulPath((_, exact) => {
      const { cache, draws } = prepare('exact');
      const picked = Int32Array.from([6, 1, 9, 4]);
      const rowDraws = [1, 0, 1, 1];
      const got = cache.encoded(picked, rowDraws);
      const raw = source.batch(picked);
      const corrupted = draws.apply(raw, picked, rowDraws);
      const expected = tf.tidy(() => ({
        audio: model
          .encoderContent('audio', tf.tensor3d(corrupted.audio, [4, 8, 8]))
          .dataSync() as Float32Array,
        visual: model
          .encoderContent('visual', tf.tensor4d(corrupted.visual, [4, 8, 8, 1]))
          .dataSync() as Float32Array,
      }));
      expectSameValues(got.audio, expected.audio, exact);
      expectSameValues(got.visual, expected.visual, exact);
      expect(corrupted.audio).not.toEqual(raw.audio); // the draws did corrupt these rows
      cache.close();
    });
  });

  it('is reused across runs and cases that leave a modality as it was', () => {
    prepare('shared').cache.close();
    const again = prepare('shared');
    expect(again.cache.report.chunksBuilt).toBe(0);
    const both = prepare('shared', { testCase: 'noisy_both' });
    // noisy_both's audio = noisy_audio's audio (same draws): only its noisy visual draws build.
    expect(both.cache.report.chunksBuilt).toBe(2 * 3); // 2 draws × 3 chunks of 4 rows
    expect(both.cache.report.chunksReused).toBe(2 * 3);
  });

  it('rebuilds when the backbone weights, the features, the corruption or the draws change', () => {
    prepare('invalidate').cache.close();
    const built = (o: Parameters<typeof prepare>[1]) => prepare('invalidate', o).cache.report;
    expect(built({}).chunksBuilt).toBe(0);
    expect(built({ data: 'synthetic/settings-b' }).chunksBuilt).toBe(9); // both modalities
    expect(built({ config: { ...corruption, severity: 0.9 } }).chunksBuilt).toBe(6); // audio only
    expect(built({ config: { ...corruption, rate: 0.3 } }).chunksBuilt).toBe(6);
    expect(built({ seed: 6 }).chunksBuilt).toBe(6);
    expect(built({ k: 3 }).chunksBuilt).toBe(3); // draw 2 is new, draws 0 and 1 are kept
    const w = model.params.get('backbone.audio_blocks.1.mlp.fc2.weight').variable;
    const saved = w.clone();
    w.assign(w.add(1e-3));
    expect(built({}).chunksBuilt).toBe(9);
    w.assign(saved);
    saved.dispose();
    expect(built({}).chunksBuilt).toBe(0);
  });

  it('finishes an interrupted build with the bytes of an uninterrupted one', () => {
    const partial = prepare('resume', {}, { maxChunksPerBuild: 1 });
    expect(partial.cache.complete()).toBe(false);
    partial.cache.close();
    const resumed = prepare('resume');
    expect(resumed.cache.complete()).toBe(true);
    expect(resumed.cache.report.chunksReused).toBe(3); // one chunk per entry was already there
    const clean = prepare('resume-clean');
    const all = Int32Array.from(ids);
    const rowDraws = Array.from(all, (_, i) => i % 2);
    expect(resumed.cache.encoded(all, rowDraws)).toEqual(clean.cache.encoded(all, rowDraws));
  });
});
