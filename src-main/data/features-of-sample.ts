import type { FeatureSettings } from '@shared/domain/dataset';
import { FbankExtractor, padOrCropFrames } from './audio/fbank';
import { resample } from './audio/resample';
import type { DecodedAudio } from './audio/wav';
import type { RasterImage } from './image/raster';
import { toModelImage } from './image/resize';

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
    const wave = resample(decoded.samples, decoded.sampleRate, this.settings.sampleRate);
    let mean = 0;
    for (let i = 0; i < wave.length; i++) mean += wave[i]!;
    mean /= wave.length || 1;
    // Only the samples the kept frames read are worth transforming.
    const { windowSize, windowShift } = this.extractor;
    const needed = Math.min(
      wave.length,
      (this.settings.audioFrames - 1) * windowShift + windowSize,
    );
    const centred = new Float32Array(needed);
    for (let i = 0; i < needed; i++) centred[i] = wave[i]! - mean;
    const fbank = this.extractor.compute(centred); // [frames, melBins]
    return padOrCropFrames(fbank, this.settings.melBins, this.settings.audioFrames);
  }

  /** [imageSize, imageSize, 3] in [0, 1]. */
  image(raster: RasterImage): Float32Array {
    return toModelImage(raster, this.settings.imageSize, this.settings.imageResize);
  }
}
