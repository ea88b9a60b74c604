import type { FeatureSettings } from '@shared/domain/dataset';
import { FbankExtractor } from './audio/fbank';
import { resample } from './audio/resample';
import type { DecodedAudio } from './audio/wav';

/** A clip longer than this is drawn up to here: 30 s at the 10 ms shift. */
export const MAX_CLIP_FRAMES = 3000;

export interface ClipLogMel {
  /** [frames, melBins], normalised by `normalisation` (or the clip's own moments without it). */
  values: Float32Array;
  frames: number;
  /** The clip's frame count at the shift (Kaldi snip-edges), before any limit. */
  clipFrames: number;
  melBins: number;
  frameShiftMs: number;
  normalisedBy: 'dataset' | 'clip';
}

/**
 * The whole clip's log-mel, prepared as SampleFeaturizer prepares the model's input (resample,
 * subtract the waveform mean, Kaldi fbank) but not cropped to `audioFrames`: the sample view
 * draws it whole and marks the frames the model sees. Normalised with the cache's train
 * statistics when given, so its colours mean what the model's input values mean.
 */
export function clipLogMel(
  decoded: DecodedAudio,
  settings: Pick<FeatureSettings, 'sampleRate' | 'melBins'>,
  normalisation?: { audioMean: number; audioStd: number },
  maxFrames = MAX_CLIP_FRAMES,
): ClipLogMel {
  const extractor = new FbankExtractor({
    sampleRate: settings.sampleRate,
    melBins: settings.melBins,
  });
  const wave = resample(decoded.samples, decoded.sampleRate, settings.sampleRate);
  let mean = 0;
  for (let i = 0; i < wave.length; i++) mean += wave[i]!;
  mean /= wave.length || 1;
  const { windowSize, windowShift } = extractor;
  const clipFrames = extractor.frameCount(wave.length);
  const needed = Math.min(wave.length, (maxFrames - 1) * windowShift + windowSize);
  const centred = new Float32Array(needed);
  for (let i = 0; i < needed; i++) centred[i] = wave[i]! - mean;
  const values = extractor.compute(centred);
  const frames = values.length / settings.melBins;
  const moments = normalisation ?? ownMoments(values);
  for (let i = 0; i < values.length; i++)
    values[i] = (values[i]! - moments.audioMean) / moments.audioStd;
  return {
    values,
    frames,
    clipFrames,
    melBins: settings.melBins,
    frameShiftMs: (windowShift / settings.sampleRate) * 1000,
    normalisedBy: normalisation ? 'dataset' : 'clip',
  };
}

function ownMoments(values: Float32Array): { audioMean: number; audioStd: number } {
  let sum = 0;
  let squares = 0;
  for (const v of values) {
    sum += v;
    squares += v * v;
  }
  const n = values.length || 1;
  const audioMean = sum / n;
  const audioStd = Math.sqrt(Math.max(squares / n - audioMean * audioMean, 0)) || 1;
  return { audioMean, audioStd };
}
