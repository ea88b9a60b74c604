import { describe, expect, it } from 'vitest';
import { loadFbankFixture } from '../../../tests/fixtures/fbank/load-fixture';
import { padOrCrop, resample } from './resample';

function tone(hz: number, rate: number, seconds: number): Float32Array {
  const out = new Float32Array(Math.round(rate * seconds));
  for (let i = 0; i < out.length; i++) out[i] = Math.sin((2 * Math.PI * hz * i) / rate);
  return out;
}

/** RMS over the middle half, away from the edge transients. */
function middleRms(signal: Float32Array): number {
  const from = Math.floor(signal.length / 4);
  const to = Math.floor((3 * signal.length) / 4);
  let sum = 0;
  for (let i = from; i < to; i++) sum += signal[i]! ** 2;
  return Math.sqrt(sum / (to - from));
}

describe('resample', () => {
  it('matches torchaudio.functional.resample on FSDD clips (8 → 16 kHz)', () => {
    for (const clip of loadFbankFixture().clips) {
      const ours = resample(clip.source, clip.sourceRate, 16000);
      expect(ours.length).toBe(clip.resampled.length);
      let maxDiff = 0;
      for (let i = 0; i < ours.length; i++) {
        maxDiff = Math.max(maxDiff, Math.abs(ours[i]! - clip.resampled[i]!));
      }
      expect(maxDiff).toBeLessThan(1e-6);
    }
  });

  it('keeps a tone below the new Nyquist and removes one above it (band-limited)', () => {
    const pass = resample(tone(1000, 32000, 0.5), 32000, 8000);
    expect(middleRms(pass)).toBeCloseTo(Math.SQRT1_2, 2);
    // A 7 kHz tone would fold to 1 kHz at full strength with nearest/linear interpolation.
    const stop = resample(tone(7000, 32000, 0.5), 32000, 8000);
    expect(middleRms(stop)).toBeLessThan(Math.SQRT1_2 * 0.01);
  });

  it('handles non-integer ratios with ceil(n·to/from) samples', () => {
    const out = resample(tone(440, 44100, 0.1), 44100, 16000);
    expect(out.length).toBe(Math.ceil((4410 * 16000) / 44100));
    expect(middleRms(out)).toBeCloseTo(Math.SQRT1_2, 2);
  });

  it('pads with zeros or crops from the start', () => {
    expect(Array.from(padOrCrop(Float32Array.of(1, 2), 4))).toEqual([1, 2, 0, 0]);
    expect(Array.from(padOrCrop(Float32Array.of(1, 2, 3), 2))).toEqual([1, 2]);
  });
});
