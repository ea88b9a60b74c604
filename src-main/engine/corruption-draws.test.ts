import { DEFAULT_CORRUPTION } from '@shared/domain/corruption';
import { describe, expect, it } from 'vitest';
import { syntheticSource } from '../../tests/support/engine/micro';
import { CorruptionDraws } from './corruption-draws';

const shape = { audioFrames: 8, melBins: 8, imageSize: 8, imageChannels: 1 };
const source = syntheticSource(shape, 3, { train: 20, val: 0, test: 0 }, 2);
const ids = source.indices('train');
const raw = source.batch(ids);
const config = { ...DEFAULT_CORRUPTION, rate: 0.3 };
const same = (a: Float32Array, b: Float32Array) => a.every((v, i) => v === b[i]);
const rowsOf = (x: Float32Array, len: number, r: number) => x.subarray(r * len, (r + 1) * len);

describe('per-sample corruption draws', () => {
  it('degrade exactly round(η·N) train samples per draw, different samples in different draws', () => {
    const draws = new CorruptionDraws(ids, shape, 'noisy_audio', config, 9, 3);
    const sets = [0, 1, 2].map((d) => [...ids].filter((id) => draws.isDegraded(id, d)));
    for (const s of sets) expect(s.length).toBe(6);
    expect(sets[0]).not.toEqual(sets[1]);
  });

  it('are a function of seed, draw and sample: the same rows come out in any batch order', () => {
    const draws = new CorruptionDraws(ids, shape, 'noisy_both', config, 9, 2);
    const rowDraws = Uint8Array.from(ids, (_, i) => i % 2);
    const all = draws.apply(raw, ids, rowDraws);
    const picked = [7, 3, 12];
    const part = draws.apply(
      source.batch(picked),
      picked,
      picked.map((p) => p % 2),
    );
    const aLen = shape.audioFrames * shape.melBins;
    picked.forEach((p, r) => {
      expect(same(rowsOf(part.audio, aLen, r), rowsOf(all.audio, aLen, p))).toBe(true);
    });
    expect(all.degraded.reduce((s, v) => s + v, 0)).toBeGreaterThan(0);
  });

  it('corrupt a modality the same whatever else the case does, and leave clean ones alone', () => {
    const rowDraws = new Uint8Array(ids.length);
    const noisyAudio = new CorruptionDraws(ids, shape, 'noisy_audio', config, 9, 1);
    const noisyBoth = new CorruptionDraws(ids, shape, 'noisy_both', config, 9, 1);
    const a = noisyAudio.apply(raw, ids, rowDraws);
    const b = noisyBoth.apply(raw, ids, rowDraws);
    expect(same(a.audio, b.audio)).toBe(true);
    expect(same(a.audio, raw.audio)).toBe(false);
    expect(same(a.visual, raw.visual)).toBe(true);
    expect(noisyAudio.modalityKey('audio')).toEqual(noisyBoth.modalityKey('audio'));
    expect(noisyAudio.modalityKey('visual')).toEqual({ corruption: 'clean', drawDependent: false });
    const otherSeed = new CorruptionDraws(ids, shape, 'noisy_audio', config, 10, 1);
    expect(otherSeed.modalityKey('audio')).not.toEqual(noisyAudio.modalityKey('audio'));
  });
});
