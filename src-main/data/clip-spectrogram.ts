import type { ClipSpectrogram } from '@shared/api/methods/datasets';
import type { FeatureSettings } from '@shared/domain/dataset';
import { FbankExtractor } from './audio/fbank';
import type { DecodedAudio } from './audio/wav';
import { clipFilterbank } from './features-of-sample';
import type { DatasetLibrary } from './library';

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
 * The whole clip's log-mel, prepared as the model's input is (clipFilterbank) but not cropped
 * to `audioFrames`: the sample view
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
  const { values, samples } = clipFilterbank(extractor, decoded, maxFrames);
  const clipFrames = extractor.frameCount(samples);
  const frames = values.length / settings.melBins;
  const moments = normalisation ?? ownMoments(values);
  for (let i = 0; i < values.length; i++)
    values[i] = (values[i]! - moments.audioMean) / moments.audioStd;
  return {
    values,
    frames,
    clipFrames,
    melBins: settings.melBins,
    frameShiftMs: (extractor.windowShift / settings.sampleRate) * 1000,
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

/**
 * One sample's whole-clip log-mel as datasets.clip answers it: normalised by the dataset's cache
 * when it is built (else by the clip itself), with the dataset's audioFrames, values to two
 * decimals (finer than the colour map shows). Decoding, resampling and the filterbank of a long
 * clip take a while: the data worker runs it.
 */
export function sampleClipSpectrogram(
  library: DatasetLibrary,
  id: string,
  index: number,
): ClipSpectrogram {
  const settings = library.featureSettings(id);
  const source = library.cachedFeatures(id);
  const normalisation = source?.meta.normalisation;
  source?.close();
  const raw = library.sample(id, index);
  const clip = clipLogMel(raw.audio, settings, normalisation);
  return {
    index,
    durationSeconds: raw.audio.samples.length / raw.audio.sampleRate,
    frameShiftMs: clip.frameShiftMs,
    frames: clip.frames,
    clipFrames: clip.clipFrames,
    melBins: clip.melBins,
    values: Array.from(clip.values, (v) => Math.round(v * 100) / 100),
    normalisedBy: clip.normalisedBy,
    modelFrames: settings.audioFrames,
  };
}
