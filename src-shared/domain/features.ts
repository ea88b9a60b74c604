import type { Split } from './dataset';

/** The shape of one sample's features, as the model receives them. */
export interface FeatureShape {
  /** Log-mel filterbank frames (10 ms each) after pad/crop. */
  audioFrames: number;
  melBins: number;
  imageSize: number;
  imageChannels: number;
}

/**
 * A batch of normalised features in row-major typed arrays:
 * audio [size, audioFrames, melBins], visual [size, imageSize, imageSize, imageChannels] (NHWC),
 * labels [size] as class indices.
 */
export interface SampleBatch {
  size: number;
  audio: Float32Array;
  visual: Float32Array;
  labels: Int32Array;
  /** Dataset-wide sample indices of the rows, so that predictions can be traced back. */
  sampleIndices: Int32Array;
}

/** What the engine trains and evaluates on: features read from the cache, in batches. */
export interface FeatureSource {
  readonly shape: FeatureShape;
  readonly classes: readonly string[];
  /** Sample indices of a split, in stored order. */
  indices(split: Split): Int32Array;
  /** Reads the given samples (any order, any split) into one batch. */
  batch(sampleIndices: ArrayLike<number>): SampleBatch;
}

/** Normalisation stored with a feature cache: computed on the train split. */
export interface FeatureNormalisation {
  /** Scalar mean/std of the log-mel values (after pad/crop), as CAV-MAE normalises. */
  audioMean: number;
  audioStd: number;
  /** Per-channel (RGB) mean/std of the [0, 1] pixels. */
  imageMean: [number, number, number];
  imageStd: [number, number, number];
}
