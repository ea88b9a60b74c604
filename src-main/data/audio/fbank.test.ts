import { describe, expect, it } from 'vitest';
import { loadFbankFixture } from '../../../tests/fixtures/fbank/load-fixture';
import { FbankExtractor, padOrCropFrames } from './fbank';
import { resample } from './resample';

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

const fixture = loadFbankFixture();
const extractor = new FbankExtractor({ sampleRate: 16000, melBins: 128 });

describe('FbankExtractor (torchaudio.compliance.kaldi.fbank parity)', () => {
  it('uses Kaldi framing: 400-sample windows, 160-sample shift, 512-point FFT, whole frames only', () => {
    expect([extractor.windowSize, extractor.windowShift, extractor.fftSize]).toEqual([
      400, 160, 512,
    ]);
    expect(extractor.frameCount(399)).toBe(0);
    expect(extractor.frameCount(400)).toBe(1);
    expect(extractor.frameCount(16000)).toBe(98);
  });

  it('matches torchaudio within 1e-3 on the same 16 kHz waveform', () => {
    for (const clip of fixture.clips) {
      const ours = extractor.compute(clip.centred);
      expect(ours.length).toBe(clip.frames * 128);
      // Measured 7.1e-4 at most (0_jackson_0): float32 rounding of torch's FFT in quiet bins.
      expect(maxAbsDiff(ours, clip.fbank)).toBeLessThan(1e-3);
    }
  });

  it('stays within 5e-3 through our own resampler (float32 rounding amplified by the log)', () => {
    for (const clip of fixture.clips) {
      const wave = resample(clip.source, clip.sourceRate, 16000);
      let mean = 0;
      for (const value of wave) mean += value;
      mean /= wave.length;
      const ours = extractor.compute(wave.map((value) => value - mean));
      expect(maxAbsDiff(ours, clip.fbank)).toBeLessThan(5e-3);
    }
  });

  it('pads with zero frames or crops to the configured frame count', () => {
    const fbank = Float32Array.of(1, 2, 3, 4); // [2 frames, 2 bins]
    expect(Array.from(padOrCropFrames(fbank, 2, 3))).toEqual([1, 2, 3, 4, 0, 0]);
    expect(Array.from(padOrCropFrames(fbank, 2, 1))).toEqual([1, 2]);
  });
});
