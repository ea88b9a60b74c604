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

  it('time shift rolls whole frames circularly (values moved, none changed)', () => {
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
      expect(Math.min(k, F - k)).toBeLessThanOrEqual(3); // |shift| ≤ round(0.5·6)
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

  it('is seeded: the same seed gives the same batch, another seed another', () => {
    const a = aug({ audioTimeShift: 0.5, audioTimeMask: 0.3, audioFreqMask: 0.3, imageCropPad: 2 });
    const one = augmentBatch(batchOf(4), shape, a, new Rng(7));
    const again = augmentBatch(batchOf(4), shape, a, new Rng(7));
    const other = augmentBatch(batchOf(4), shape, a, new Rng(8));
    expect(again).toEqual(one);
    expect(other.audio).not.toEqual(one.audio);
  });
});
