import { CASES } from '@shared/domain/cases';
import type { CorruptionConfig } from '@shared/domain/corruption';
import type { FeatureShape } from '@shared/domain/features';
import { describe, expect, it } from 'vitest';
import { applyCorruption, band, corruptAudio, corruptImage } from './corrupt';
import { Rng } from './rng';

const shape: FeatureShape = { audioFrames: 40, melBins: 16, imageSize: 16, imageChannels: 3 };
const aLen = 40 * 16;
const vLen = 16 * 16 * 3;

function batch(size: number, seed = 3) {
  const rng = new Rng(seed);
  return {
    size,
    audio: Float32Array.from({ length: size * aLen }, () => rng.normal()),
    visual: Float32Array.from({ length: size * vLen }, () => rng.normal()),
  };
}

const only = (
  audio: CorruptionConfig['audioNoises'],
  visual: CorruptionConfig['visualNoises'],
  severity = 0.5,
  rate = 1,
): CorruptionConfig => ({
  audioNoises: audio,
  visualNoises: visual,
  severity,
  rate,
});

describe('applyCorruption', () => {
  it('adds Gaussian noise with mean 0 and std = severity', () => {
    const x = new Float32Array(200_000);
    corruptAudio(x, { audioFrames: 1000, melBins: 200 }, 'gaussian', 0.7, new Rng(1));
    const mean = x.reduce((a, b) => a + b, 0) / x.length;
    const std = Math.sqrt(x.reduce((a, b) => a + (b - mean) ** 2, 0) / x.length);
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(std).toBeCloseTo(0.7, 2);
    const img = new Float32Array(64 * 64 * 3);
    corruptImage(img, { imageSize: 64, imageChannels: 3 }, 'gaussian', 0.3, new Rng(2));
    const vstd = Math.sqrt(img.reduce((a, b) => a + b * b, 0) / img.length);
    expect(vstd).toBeCloseTo(0.3, 1);
  });

  it('time shift moves whole frames without changing any value', () => {
    const x = Float32Array.from({ length: aLen }, (_, i) => i);
    corruptAudio(x, shape, 'time_shift', 1, new Rng(5));
    expect([...x].sort((a, b) => a - b)).toEqual([...Array(aLen).keys()]);
    const firstFrame = x[0]! / 16;
    expect(Number.isInteger(firstFrame) && firstFrame !== 0).toBe(true);
    for (let t = 0; t < 40; t++) for (let m = 0; m < 16; m++) expect(x[t * 16 + m]! % 16).toBe(m);
  });

  it('mask widths stay within [1, severity·n/2] and masks zero a contiguous band', () => {
    const rng = new Rng(9);
    for (let i = 0; i < 500; i++) {
      const [start, width] = band(40, 0.5, rng);
      expect(width).toBeGreaterThanOrEqual(1);
      expect(width).toBeLessThanOrEqual(10);
      expect(start + width).toBeLessThanOrEqual(40);
    }
    const x = new Float32Array(aLen).fill(1);
    corruptAudio(x, shape, 'freq_mask', 0.5, new Rng(4));
    const zeroBins = [...Array(16).keys()].filter((m) => x[m] === 0);
    expect(zeroBins.length).toBeGreaterThanOrEqual(1);
    expect(zeroBins.length).toBeLessThanOrEqual(4);
    expect(zeroBins[zeroBins.length - 1]! - zeroBins[0]!).toBe(zeroBins.length - 1);
    for (let t = 0; t < 40; t++) for (const m of zeroBins) expect(x[t * 16 + m]).toBe(0);
    const y = new Float32Array(aLen).fill(1);
    corruptAudio(y, shape, 'time_mask', 0.5, new Rng(4));
    const zeroFrames = [...Array(40).keys()].filter((t) => y[t * 16] === 0);
    expect(zeroFrames.length).toBeGreaterThanOrEqual(1);
    expect(zeroFrames.length).toBeLessThanOrEqual(10);
  });

  it('degrades exactly round(η·B) samples and leaves the rest bit-identical', () => {
    const b = batch(20);
    for (const rate of [0, 0.25, 0.5, 1]) {
      const r = applyCorruption(
        b,
        shape,
        'noisy_audio',
        only(['gaussian'], ['blur'], 0.5, rate),
        11,
      );
      expect(r.degraded.reduce((a, x) => a + x, 0)).toBe(Math.round(rate * 20));
      for (let s = 0; s < 20; s++) {
        const changed = r.audio
          .subarray(s * aLen, (s + 1) * aLen)
          .some((v, i) => v !== b.audio[s * aLen + i]);
        expect(changed).toBe(r.degraded[s] === 1);
      }
      expect(r.visual).toEqual(b.visual); // noisy_audio never touches the image
    }
  });

  it('is seeded, never mutates its input, and severity 0 changes nothing', () => {
    const b = batch(6);
    const before = b.audio.slice();
    const cfg = only(['gaussian', 'time_mask'], ['pixelate', 'occlusion', 'blur']);
    const r1 = applyCorruption(b, shape, 'noisy_both', cfg, 42);
    const r2 = applyCorruption(b, shape, 'noisy_both', cfg, 42);
    expect(r1.audio).toEqual(r2.audio);
    expect(r1.visual).toEqual(r2.visual);
    expect(b.audio).toEqual(before);
    const r3 = applyCorruption(b, shape, 'noisy_both', { ...cfg, severity: 0 }, 42);
    expect(r3.audio).toEqual(b.audio);
    expect(r3.visual).toEqual(b.visual);
  });

  it('missing cases zero the modality; complete leaves everything', () => {
    const b = batch(4);
    const cfg = only(['gaussian'], ['gaussian']);
    expect(applyCorruption(b, shape, 'missing_audio', cfg, 1).audio.every((v) => v === 0)).toBe(
      true,
    );
    expect(applyCorruption(b, shape, 'missing_visual', cfg, 1).visual.every((v) => v === 0)).toBe(
      true,
    );
    const c = applyCorruption(b, shape, 'complete', cfg, 1);
    expect(c.audio).toEqual(b.audio);
    expect(c.degraded.every((v) => v === 0)).toBe(true);
    expect(CASES.length).toBe(6);
  });

  it('blur and pixelate keep the image mean (they only move mass)', () => {
    const img = Float32Array.from({ length: vLen }, (_, i) => (i * 7919) % 13);
    const mean = (x: Float32Array) => x.reduce((a, b) => a + b, 0) / x.length;
    const pix = img.slice();
    corruptImage(pix, shape, 'pixelate', 1, new Rng(1));
    expect(mean(pix)).toBeCloseTo(mean(img), 3);
    expect(pix).not.toEqual(img);
    const blurred = img.slice();
    corruptImage(blurred, shape, 'blur', 0.5, new Rng(1));
    expect(blurred).not.toEqual(img);
    const occluded = new Float32Array(vLen).fill(1);
    corruptImage(occluded, shape, 'occlusion', 0.5, new Rng(1));
    expect(occluded.filter((v) => v === 0).length).toBe(5 * 5 * 3);
  });
});
