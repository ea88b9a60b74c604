import type { FeatureSettings } from '@shared/domain/dataset';
import { FbankExtractor, padOrCropFrames } from './audio/fbank';
import { resample } from './audio/resample';
import type { DecodedAudio } from './audio/wav';
import type { RasterImage } from './image/raster';
import { toModelImage } from './image/resize';

/**
 * The log-mel of a clip's first `maxFrames` frames, as CAV-MAE prepares it: resample to the
 * feature rate, remove the waveform mean, Kaldi fbank. Only the samples those frames read are
 * transformed. `samples` is the resampled clip's length (its whole frame count follows from it).
 */
export function clipFilterbank(
  extractor: FbankExtractor,
  decoded: DecodedAudio,
  maxFrames: number,
): { values: Float32Array; samples: number } {
  const wave = resample(decoded.samples, decoded.sampleRate, extractor.sampleRate);
  let mean = 0;
  for (let i = 0; i < wave.length; i++) mean += wave[i]!;
  mean /= wave.length || 1;
  const { windowSize, windowShift } = extractor;
  const needed = Math.min(wave.length, (maxFrames - 1) * windowShift + windowSize);
  const centred = new Float32Array(needed);
  for (let i = 0; i < needed; i++) centred[i] = wave[i]! - mean;
  return { values: extractor.compute(centred), samples: wave.length };
}

/**
 * One sample's un-normalised features, as CAV-MAE prepares them: resample to the feature rate,
 * remove the waveform mean, Kaldi fbank, zero-pad or crop to `audioFrames`.
 */
export class SampleFeaturizer {
  readonly settings: FeatureSettings;
  private readonly extractor: FbankExtractor;

  constructor(settings: FeatureSettings) {
    this.settings = settings;
    this.extractor = new FbankExtractor({
      sampleRate: settings.sampleRate,
      melBins: settings.melBins,
    });
  }

  get audioLength(): number {
    return this.settings.audioFrames * this.settings.melBins;
  }

  get imageLength(): number {
    return this.settings.imageSize * this.settings.imageSize * 3;
  }

  /** [audioFrames, melBins] log-mel. */
  audio(decoded: DecodedAudio): Float32Array {
    const { values } = clipFilterbank(this.extractor, decoded, this.settings.audioFrames);
    return padOrCropFrames(values, this.settings.melBins, this.settings.audioFrames);
  }

  /** [imageSize, imageSize, 3] in [0, 1]. */
  image(raster: RasterImage): Float32Array {
    return toModelImage(raster, this.settings.imageSize, this.settings.imageResize);
  }
}
