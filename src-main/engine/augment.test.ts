import { AugmentationSchema } from '@shared/domain/recipe';
import { describe, expect, it } from 'vitest';
import { augmentBatch, isAugmenting } from './augment';
import { Rng } from './rng';

const shape = { audioFrames: 6, melBins: 4, imageSize: 5, imageChannels: 2 };
const aLen = 6 * 4;
const vLen = 5 * 5 * 2;
const batchOf = (size: number) => ({
  size,
  audio: Float32Array.from({ length: size * aLen }, (_, i) => 1 + i),
  visual: Float32Array.from({ length: size * vLen }, (_, i) => 1 + i),
});
const aug = (over: object) => AugmentationSchema.parse(over);

describe('augmentBatch', () => {
  it('does nothing with every setting at 0, and never mutates its input', () => {
    const b = batchOf(2);
    const before = b.audio.slice();
    expect(isAugmenting(aug({}))).toBe(false);
    for (const key of Object.keys(aug({})))
      expect(isAugmenting(aug({ [key]: key === 'imageCropPad' ? 1 : 0.1 }))).toBe(true);
    const out = augmentBatch(b, shape, aug({}), new Rng(1));
    expect(out.audio).toEqual(b.audio);
    expect(out.visual).toEqual(b.visual);
    augmentBatch(
      b,
      shape,
      aug({ audioTimeShift: 0.5, audioTimeMask: 0.5, imageCropPad: 2 }),
      new Rng(1),
    );
    expect(b.audio).toEqual(before);
  });

  it('time shift delays whole frames circularly (values moved, none changed), never advances', () => {
    const b = batchOf(8);
    const out = augmentBatch(b, shape, aug({ audioTimeShift: 0.5 }), new Rng(3));
    let shifted = 0;
    for (let s = 0; s < 8; s++) {
      const clip = out.audio.subarray(s * aLen, (s + 1) * aLen);
      const k = Math.round((clip[0]! - 1 - s * aLen) / 4); // frame that landed at t = 0
      const F = 6;
      for (let t = 0; t < F; t++)
        for (let m = 0; m < 4; m++)
          expect(clip[t * 4 + m]).toBe(1 + s * aLen + (((t + k) % F) * 4 + m));
      if (k !== 0) shifted++;
      expect((F - k) % F).toBeLessThanOrEqual(3); // a delay of at most round(0.5·6) frames
    }
    expect(shifted).toBeGreaterThan(0);
  });

  it('time and frequency masks zero whole bands no wider than the maximum', () => {
    const out = augmentBatch(
      batchOf(16),
      shape,
      aug({ audioTimeMask: 0.34, audioFreqMask: 0.5 }),
      new Rng(5),
    );
    let masked = 0;
    for (let s = 0; s < 16; s++) {
      const clip = out.audio.subarray(s * aLen, (s + 1) * aLen);
      const zeroFrames = [0, 1, 2, 3, 4, 5].filter((t) =>
        clip.subarray(t * 4, t * 4 + 4).every((v) => v === 0),
      );
      const zeroBins = [0, 1, 2, 3].filter((m) =>
        [0, 1, 2, 3, 4, 5].every((t) => clip[t * 4 + m] === 0),
      );
      expect(zeroFrames.length).toBeLessThanOrEqual(2); // round(0.34·6)
      expect(zeroBins.length).toBeLessThanOrEqual(2); // round(0.5·4)
      // Every zero lies in a masked frame or a masked bin.
      for (let t = 0; t < 6; t++)
        for (let m = 0; m < 4; m++)
          if (clip[t * 4 + m] === 0)
            expect(zeroFrames.includes(t) || zeroBins.includes(m)).toBe(true);
      masked += zeroFrames.length + zeroBins.length;
    }
    expect(masked).toBeGreaterThan(0);
  });

  it('crop after padding shifts the image by at most k, repeating edge pixels', () => {
    const b = batchOf(1);
    const out = augmentBatch(b, shape, aug({ imageCropPad: 2 }), new Rng(11));
    const at = (img: Float32Array, y: number, x: number, c: number) => img[(y * 5 + x) * 2 + c]!;
    const clamp = (v: number) => Math.min(4, Math.max(0, v));
    let found = 0;
    for (let dy = -2; dy <= 2; dy++)
      for (let dx = -2; dx <= 2; dx++) {
        let same = true;
        for (let y = 0; y < 5; y++)
          for (let x = 0; x < 5; x++)
            for (let c = 0; c < 2; c++)
              if (at(out.visual, y, x, c) !== at(b.visual, clamp(y + dy), clamp(x + dx), c))
                same = false;
        if (same) found++;
      }
    expect(found).toBe(1);
  });

  it('time stretch resamples the time axis by a factor within [1 − s, 1 + s]', () => {
    // Frame t of the input holds t in every bin: the output's frame t holds min(t / r, F − 1).
    const b = { size: 6, audio: new Float32Array(6 * aLen), visual: new Float32Array(6 * vLen) };
    for (let i = 0; i < b.audio.length; i++) b.audio[i] = Math.floor((i % aLen) / 4);
    const out = augmentBatch(b, shape, aug({ audioTimeStretch: 0.3 }), new Rng(2));
    for (let s = 0; s < 6; s++) {
      const clip = out.audio.subarray(s * aLen, (s + 1) * aLen);
      expect(clip[0]).toBe(0);
      const slope = clip[4]!; // frame 1 = 1 / r
      expect(1 / slope).toBeGreaterThanOrEqual(0.7 - 1e-6);
      expect(1 / slope).toBeLessThanOrEqual(1.3 + 1e-6);
      for (let t = 0; t < 6; t++)
        for (let m = 0; m < 4; m++) expect(clip[t * 4 + m]).toBeCloseTo(Math.min(t * slope, 5), 5);
    }
  });

  it('frequency shift moves bins with edge bins repeated; gain adds one constant per clip', () => {
    const b = batchOf(8);
    const shifted = augmentBatch(b, shape, aug({ audioFreqShift: 0.5 }), new Rng(4));
    for (let s = 0; s < 8; s++) {
      const clip = shifted.audio.subarray(s * aLen, (s + 1) * aLen);
      const src = b.audio.subarray(s * aLen, (s + 1) * aLen);
      const matches = [-2, -1, 0, 1, 2].filter((k) =>
        [0, 1, 2, 3, 4, 5].every((t) =>
          [0, 1, 2, 3].every(
            (m) => clip[t * 4 + m] === src[t * 4 + Math.min(3, Math.max(0, m - k))],
          ),
        ),
      );
      expect(matches.length).toBe(1);
    }
    const louder = augmentBatch(b, shape, aug({ audioGain: 0.5 }), new Rng(4));
    for (let s = 0; s < 8; s++) {
      const d0 = louder.audio[s * aLen]! - b.audio[s * aLen]!;
      expect(Math.abs(d0)).toBeLessThanOrEqual(0.5);
      for (let i = 0; i < aLen; i++)
        expect(louder.audio[s * aLen + i]! - b.audio[s * aLen + i]!).toBeCloseTo(d0, 4);
    }
  });

  it('is seeded: the same seed gives the same batch, another seed another', () => {
    const a = aug({ audioTimeShift: 0.5, audioTimeMask: 0.3, audioFreqMask: 0.3, imageCropPad: 2 });
    const one = augmentBatch(batchOf(4), shape, a, new Rng(7));
    const again = augmentBatch(batchOf(4), shape, a, new Rng(7));
    const other = augmentBatch(batchOf(4), shape, a, new Rng(8));
    expect(again).toEqual(one);
    expect(other.audio).not.toEqual(one.audio);
  });
});
