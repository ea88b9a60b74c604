import { describe, expect, it } from 'vitest';
import { Rng } from '../rng';
import { dropModalities } from './modality-dropout';

const shape = { audioFrames: 2, melBins: 2, imageSize: 2, imageChannels: 1 };
const ones = (size: number) => ({
  size,
  audio: new Float32Array(size * 4).fill(1),
  visual: new Float32Array(size * 4).fill(1),
});
const zeroed = (a: Float32Array, s: number) => a.subarray(s * 4, s * 4 + 4).every((v) => v === 0);

describe('modality dropout', () => {
  it('drops one modality of about p of the samples, at even odds, never both', () => {
    const n = 4000;
    const b = ones(n);
    const dropped = dropModalities(b, shape, 0.3, new Rng(1));
    let audio = 0;
    let visual = 0;
    for (let s = 0; s < n; s++) {
      expect(zeroed(b.audio, s) && zeroed(b.visual, s)).toBe(false);
      expect(zeroed(b.audio, s)).toBe(dropped[s] === 'audio');
      expect(zeroed(b.visual, s)).toBe(dropped[s] === 'visual');
      if (dropped[s] === 'audio') audio++;
      if (dropped[s] === 'visual') visual++;
    }
    expect((audio + visual) / n).toBeGreaterThan(0.27);
    expect((audio + visual) / n).toBeLessThan(0.33);
    expect(Math.abs(audio - visual) / (audio + visual)).toBeLessThan(0.1);
  });

  it('leaves a sample alone when its case already made a modality missing', () => {
    const b = ones(200);
    const visualApplied = Array.from({ length: 200 }, () => 'missing' as const);
    b.visual.fill(0);
    const dropped = dropModalities(b, shape, 0.9, new Rng(2), {
      audioApplied: new Array(200).fill(null),
      visualApplied,
    });
    expect(dropped.every((d) => d === null)).toBe(true);
    expect(b.audio.every((v) => v === 1)).toBe(true);
  });

  it('is seeded and does nothing at p = 0', () => {
    const a = ones(50);
    const b = ones(50);
    expect(dropModalities(a, shape, 0.5, new Rng(3))).toEqual(
      dropModalities(b, shape, 0.5, new Rng(3)),
    );
    expect(a).toEqual(b);
    const c = ones(50);
    expect(dropModalities(c, shape, 0, new Rng(3)).every((d) => d === null)).toBe(true);
    expect(c).toEqual(ones(50));
  });
});
