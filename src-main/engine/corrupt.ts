/**
 * Seeded corruptions of normalised features, on plain typed arrays (no TensorFlow), so the UI's
 * corruption preview and the training loop share one implementation.
 *
 * Severity s in [0, 1] maps to each noise as follows (s = 0 leaves the input unchanged):
 * - audio `gaussian`: additive N(0, s²) on the normalised filterbank (unit variance per bin).
 * - audio `time_shift`: circular roll along time by k frames, |k| uniform in [1, round(s·F/2)],
 *   random sign; values are moved, never changed.
 * - audio `time_mask` / `freq_mask`: one band of w consecutive frames / mel bins set to 0 (the
 *   normalised mean), w uniform in [1, round(s·F/2)] / [1, round(s·M/2)].
 * - visual `gaussian`: additive N(0, s²) on the normalised image.
 * - visual `blur`: separable Gaussian blur, σ = s·size/16 pixels, edges clamped.
 * - visual `pixelate`: block averages over b×b blocks, b = 1 + round(s·(size/4 − 1)).
 * - visual `occlusion`: one square of side round(s·0.6·size) at a uniform position set to 0.
 * - missing: the modality replaced by zeros.
 * A share η (`rate`) of each batch is degraded: exactly round(η·B) samples, chosen by a seeded
 * permutation; `noisy_both` degrades both modalities of the same samples.
 */
import { type Case, caseDegradation } from '@shared/domain/cases';
import type { AudioNoise, CorruptionConfig, VisualNoise } from '@shared/domain/corruption';
import type { FeatureShape } from '@shared/domain/features';
import { Rng } from './rng';

export interface FeatureArrays {
  size: number;
  audio: Float32Array;
  visual: Float32Array;
}

export interface CorruptionResult {
  audio: Float32Array;
  visual: Float32Array;
  /** 1 where the sample was degraded. */
  degraded: Uint8Array;
  /** What was done to each sample's audio / visual (null = left clean). */
  audioApplied: (AudioNoise | 'missing' | null)[];
  visualApplied: (VisualNoise | 'missing' | null)[];
}

/** Corrupts a batch for one case. Never mutates the input arrays. */
export function applyCorruption(
  batch: FeatureArrays,
  shape: FeatureShape,
  testCase: Case,
  config: CorruptionConfig,
  seed: number | Rng,
): CorruptionResult {
  const { size } = batch;
  const audioLen = shape.audioFrames * shape.melBins;
  const visualLen = shape.imageSize * shape.imageSize * shape.imageChannels;
  if (batch.audio.length !== size * audioLen)
    throw new Error(
      `applyCorruption: audio has ${batch.audio.length} values, expected ${size}×${audioLen}`,
    );
  if (batch.visual.length !== size * visualLen)
    throw new Error(
      `applyCorruption: visual has ${batch.visual.length} values, expected ${size}×${visualLen}`,
    );
  const rng = typeof seed === 'number' ? new Rng(seed) : seed;
  const audio = batch.audio.slice();
  const visual = batch.visual.slice();
  const degraded = new Uint8Array(size);
  const audioApplied: CorruptionResult['audioApplied'] = new Array(size).fill(null);
  const visualApplied: CorruptionResult['visualApplied'] = new Array(size).fill(null);
  const how = caseDegradation(testCase);
  if (how.audio === 'clean' && how.visual === 'clean') {
    return { audio, visual, degraded, audioApplied, visualApplied };
  }
  const count = Math.round(config.rate * size);
  const order = rng.permutation(size);
  for (let i = 0; i < count; i++) {
    const s = order[i]!;
    degraded[s] = 1;
    const a = audio.subarray(s * audioLen, (s + 1) * audioLen);
    const v = visual.subarray(s * visualLen, (s + 1) * visualLen);
    if (how.audio === 'missing') {
      a.fill(0);
      audioApplied[s] = 'missing';
    } else if (how.audio === 'noisy') {
      const noise = config.audioNoises[rng.int(0, config.audioNoises.length - 1)]!;
      corruptAudio(a, shape, noise, config.severity, rng);
      audioApplied[s] = noise;
    }
    if (how.visual === 'missing') {
      v.fill(0);
      visualApplied[s] = 'missing';
    } else if (how.visual === 'noisy') {
      const noise = config.visualNoises[rng.int(0, config.visualNoises.length - 1)]!;
      corruptImage(v, shape, noise, config.severity, rng);
      visualApplied[s] = noise;
    }
  }
  return { audio, visual, degraded, audioApplied, visualApplied };
}

/** In place, one sample's filterbank [frames, melBins]. */
export function corruptAudio(
  x: Float32Array,
  shape: Pick<FeatureShape, 'audioFrames' | 'melBins'>,
  noise: AudioNoise,
  severity: number,
  rng: Rng,
): void {
  const F = shape.audioFrames;
  const M = shape.melBins;
  switch (noise) {
    case 'gaussian':
      addGaussian(x, severity, rng);
      return;
    case 'time_shift': {
      const max = Math.round((severity * F) / 2);
      if (max < 1) return;
      const k = rng.int(1, max) * (rng.uniform() < 0.5 ? -1 : 1);
      const copy = x.slice();
      for (let t = 0; t < F; t++) {
        const src = (((t - k) % F) + F) % F;
        x.set(copy.subarray(src * M, (src + 1) * M), t * M);
      }
      return;
    }
    case 'time_mask': {
      const [start, width] = band(F, severity, rng);
      x.fill(0, start * M, (start + width) * M);
      return;
    }
    case 'freq_mask': {
      const [start, width] = band(M, severity, rng);
      for (let t = 0; t < F; t++) x.fill(0, t * M + start, t * M + start + width);
      return;
    }
  }
}

/** In place, one image [size, size, channels] (HWC). */
export function corruptImage(
  x: Float32Array,
  shape: Pick<FeatureShape, 'imageSize' | 'imageChannels'>,
  noise: VisualNoise,
  severity: number,
  rng: Rng,
): void {
  const S = shape.imageSize;
  const C = shape.imageChannels;
  switch (noise) {
    case 'gaussian':
      addGaussian(x, severity, rng);
      return;
    case 'blur':
      gaussianBlur(x, S, C, (severity * S) / 16);
      return;
    case 'pixelate':
      pixelate(x, S, C, 1 + Math.round(severity * (S / 4 - 1)));
      return;
    case 'occlusion': {
      const side = Math.round(severity * 0.6 * S);
      if (side < 1) return;
      const y0 = rng.int(0, S - side);
      const x0 = rng.int(0, S - side);
      for (let y = y0; y < y0 + side; y++) x.fill(0, (y * S + x0) * C, (y * S + x0 + side) * C);
      return;
    }
  }
}

/** A band [start, width] with width uniform in [1, round(severity·n/2)]; width 0 at severity 0. */
export function band(n: number, severity: number, rng: Rng): [number, number] {
  const max = Math.min(n, Math.round((severity * n) / 2));
  if (max < 1) return [0, 0];
  const width = rng.int(1, max);
  return [rng.int(0, n - width), width];
}

function addGaussian(x: Float32Array, std: number, rng: Rng): void {
  if (std <= 0) return;
  for (let i = 0; i < x.length; i++) x[i] = x[i]! + std * rng.normal();
}

function gaussianBlur(x: Float32Array, S: number, C: number, sigma: number): void {
  if (sigma <= 0) return;
  const radius = Math.max(1, Math.ceil(2 * sigma));
  const kernel = new Float32Array(2 * radius + 1);
  let sum = 0;
  for (let i = -radius; i <= radius; i++) {
    kernel[i + radius] = Math.exp(-(i * i) / (2 * sigma * sigma));
    sum += kernel[i + radius]!;
  }
  for (let i = 0; i < kernel.length; i++) kernel[i] = kernel[i]! / sum;
  const tmp = new Float32Array(x.length);
  const clamp = (v: number) => (v < 0 ? 0 : v >= S ? S - 1 : v);
  // Horizontal pass into tmp, then vertical pass back into x.
  for (let y = 0; y < S; y++)
    for (let xx = 0; xx < S; xx++)
      for (let c = 0; c < C; c++) {
        let acc = 0;
        for (let k = -radius; k <= radius; k++)
          acc += kernel[k + radius]! * x[(y * S + clamp(xx + k)) * C + c]!;
        tmp[(y * S + xx) * C + c] = acc;
      }
  for (let y = 0; y < S; y++)
    for (let xx = 0; xx < S; xx++)
      for (let c = 0; c < C; c++) {
        let acc = 0;
        for (let k = -radius; k <= radius; k++)
          acc += kernel[k + radius]! * tmp[(clamp(y + k) * S + xx) * C + c]!;
        x[(y * S + xx) * C + c] = acc;
      }
}

function pixelate(x: Float32Array, S: number, C: number, block: number): void {
  if (block <= 1) return;
  for (let by = 0; by < S; by += block)
    for (let bx = 0; bx < S; bx += block) {
      const y1 = Math.min(S, by + block);
      const x1 = Math.min(S, bx + block);
      const n = (y1 - by) * (x1 - bx);
      for (let c = 0; c < C; c++) {
        let acc = 0;
        for (let y = by; y < y1; y++)
          for (let xx = bx; xx < x1; xx++) acc += x[(y * S + xx) * C + c]!;
        const mean = acc / n;
        for (let y = by; y < y1; y++)
          for (let xx = bx; xx < x1; xx++) x[(y * S + xx) * C + c] = mean;
      }
    }
}
