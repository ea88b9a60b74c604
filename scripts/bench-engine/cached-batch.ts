import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CORRUPTION } from '@shared/domain/corruption';
import type { FeatureShape, FeatureSource } from '@shared/domain/features';
import type { EncodedArrays } from '../../src-main/engine/cache/encoded';
import { RunEncoderCache } from '../../src-main/engine/cache/run-cache';
import { EncoderCacheStore } from '../../src-main/engine/cache/store';
import { CorruptionDraws } from '../../src-main/engine/corruption-draws';
import type { AVModel } from '../../src-main/engine/model/model';
import type { BatchArrays } from '../../src-main/engine/train/step';

/**
 * The benchmark batch as the encoder cache serves it: its samples as a one-draw train split
 * cached on disk (a temporary store), read back row by row each step as a run reads them.
 */
export function benchEncoderCache(
  model: AVModel,
  batch: BatchArrays,
  shape: FeatureShape,
): { read(): EncodedArrays; buildSeconds: number; bytesPerSample: number; close(): void } {
  const ids = Int32Array.from({ length: batch.size }, (_, i) => i);
  const source: FeatureSource = {
    shape,
    classes: [],
    indices: (split) => (split === 'train' ? ids : new Int32Array(0)),
    batch: (rows) => {
      const picked = Int32Array.from(rows);
      const a = batch.audio.length / batch.size;
      const v = batch.visual.length / batch.size;
      const audio = new Float32Array(picked.length * a);
      const visual = new Float32Array(picked.length * v);
      picked.forEach((s, r) => {
        audio.set(batch.audio.subarray(s * a, (s + 1) * a), r * a);
        visual.set(batch.visual.subarray(s * v, (s + 1) * v), r * v);
      });
      const labels = Int32Array.from(picked, (s) => batch.labels[s]!);
      return { size: picked.length, audio, visual, labels, sampleIndices: picked };
    },
  };
  const dir = mkdtempSync(join(tmpdir(), 'avlab-bench-cache-'));
  const draws = new CorruptionDraws(ids, shape, model.trainCase, DEFAULT_CORRUPTION, 1, 1);
  const t0 = performance.now();
  const cache = RunEncoderCache.prepare(model, source, draws, 'float32', {
    store: new EncoderCacheStore(dir, Number.MAX_SAFE_INTEGER),
    data: 'bench',
  });
  const buildSeconds = (performance.now() - t0) / 1000;
  if (!cache) throw new Error('bench: the encoder cache did not fit');
  const rowDraws = new Uint8Array(batch.size);
  return {
    read: () => cache.encoded(ids, rowDraws),
    buildSeconds,
    bytesPerSample: cache.report.bytesPerSample,
    close: () => {
      cache.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
