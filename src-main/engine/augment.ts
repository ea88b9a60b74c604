/**
 * Label-preserving augmentations of the training split (TrainingRecipe.augmentation), on plain
 * typed arrays like corrupt.ts. The training loop applies them to train batches only: validation
 * and test go through evaluate(), which never calls this. Each setting is a maximum; per sample,
 * the amount is drawn from the given Rng (seeded from the run RNG, so a resumed run repeats the
 * uninterrupted one). Per sample, in this order:
 * - audio time stretch s (speaking rate): frame t takes the (linearly interpolated) frame t/r,
 *   r uniform in [1 − s, 1 + s]; past the last frame, the last frame repeats.
 * - audio time shift s: a delay — circular roll along time by k frames, k uniform in
 *   [0, round(s·F)]: the trailing padding wraps to the front. Never an advance: trimmed
 *   recordings (FSDD) start speaking at frame 0, and rolling them back cuts the word in two
 *   (on AV-MNIST a two-sided shift of 0.2 dropped audio-only validation accuracy 0.93 → 0.71).
 * - audio frequency shift s (voice pitch / vocal tract): bin m takes bin m − k, k uniform in
 *   [−round(s·M), round(s·M)], edge bins repeated.
 * - audio gain g (recording level): the whole clip plus a constant uniform in [−g, g].
 * - audio time mask s: one band of w frames set to 0 (the normalised mean), w uniform in
 *   [0, round(s·F)] at a uniform start (SpecAugment).
 * - audio frequency mask s: the same over mel bins, w in [0, round(s·M)].
 * - image crop after padding k: the image shifted by (dy, dx), each uniform in [−k, k], which is
 *   a crop of the image padded by k. The padding repeats the edge pixels rather than zeros: in
 *   normalised features 0 is the mean colour, not the (black) background.
 */

import type { FeatureShape } from '@shared/domain/features';
import type { Augmentation } from '@shared/domain/recipe';
import type { FeatureArrays } from './corrupt';
import type { Rng } from './rng';

/** Whether any augmentation is on (every setting is a maximum, 0 = off). */
export function isAugmenting(a: Augmentation): boolean {
  return Object.values(a).some((v) => v > 0);
}

/** Returns augmented copies of a batch's audio and visual arrays; never mutates the input. */
export function augmentBatch(
  batch: FeatureArrays,
  shape: FeatureShape,
  a: Augmentation,
  rng: Rng,
): FeatureArrays {
  const { audioFrames: F, melBins: M, imageSize: S, imageChannels: C } = shape;
  const audio = batch.audio.slice();
  const visual = batch.visual.slice();
  for (let s = 0; s < batch.size; s++) {
    const clip = audio.subarray(s * F * M, (s + 1) * F * M); // [F, M], time-major
    if (a.audioTimeStretch > 0)
      stretchFrames(clip, F, M, 1 + a.audioTimeStretch * (2 * rng.uniform() - 1));
    if (a.audioTimeShift > 0) {
      const most = Math.round(a.audioTimeShift * F);
      rollFrames(clip, F, M, rng.int(0, most));
    }
    if (a.audioFreqShift > 0) {
      const most = Math.round(a.audioFreqShift * M);
      shiftBins(clip, F, M, rng.int(-most, most));
    }
    if (a.audioGain > 0) {
      const g = a.audioGain * (2 * rng.uniform() - 1);
      for (let i = 0; i < clip.length; i++) clip[i]! += g;
    }
    if (a.audioTimeMask > 0) {
      const w = rng.int(0, Math.round(a.audioTimeMask * F));
      const from = rng.int(0, F - w);
      clip.fill(0, from * M, (from + w) * M);
    }
    if (a.audioFreqMask > 0) {
      const w = rng.int(0, Math.round(a.audioFreqMask * M));
      const from = rng.int(0, M - w);
      for (let f = 0; f < F; f++) clip.fill(0, f * M + from, f * M + from + w);
    }
    if (a.imageCropPad > 0) {
      const k = a.imageCropPad;
      const image = visual.subarray(s * S * S * C, (s + 1) * S * S * C); // [S, S, C]
      shiftImage(image, S, C, rng.int(-k, k), rng.int(-k, k));
    }
  }
  return { size: batch.size, audio, visual };
}

/** In place: frame t takes frame (t − k) mod F. */
function rollFrames(clip: Float32Array, F: number, M: number, k: number): void {
  const shift = ((k % F) + F) % F;
  if (shift === 0) return;
  const copy = clip.slice();
  for (let t = 0; t < F; t++) clip.set(copy.subarray(t * M, (t + 1) * M), ((t + shift) % F) * M);
}

/** In place: frame t takes frame t/r, linearly interpolated; the last frame past the end. */
function stretchFrames(clip: Float32Array, F: number, M: number, r: number): void {
  const copy = clip.slice();
  for (let t = 0; t < F; t++) {
    const at = Math.min(t / r, F - 1);
    const lo = Math.floor(at);
    const hi = Math.min(lo + 1, F - 1);
    const w = at - lo;
    for (let m = 0; m < M; m++)
      clip[t * M + m] = (1 - w) * copy[lo * M + m]! + w * copy[hi * M + m]!;
  }
}

/** In place: bin m takes bin m − k (clamped to the edge bins), in every frame. */
function shiftBins(clip: Float32Array, F: number, M: number, k: number): void {
  if (k === 0) return;
  const copy = clip.slice();
  for (let t = 0; t < F; t++)
    for (let m = 0; m < M; m++)
      clip[t * M + m] = copy[t * M + Math.min(M - 1, Math.max(0, m - k))]!;
}

/** In place: pixel (y, x) takes pixel (y + dy, x + dx), coordinates clamped to the image. */
function shiftImage(image: Float32Array, S: number, C: number, dy: number, dx: number): void {
  if (dy === 0 && dx === 0) return;
  const copy = image.slice();
  const clamp = (v: number) => (v < 0 ? 0 : v >= S ? S - 1 : v);
  for (let y = 0; y < S; y++) {
    const sy = clamp(y + dy);
    for (let x = 0; x < S; x++) {
      const from = (sy * S + clamp(x + dx)) * C;
      image.set(copy.subarray(from, from + C), (y * S + x) * C);
    }
  }
}
