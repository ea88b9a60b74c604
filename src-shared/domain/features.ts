import type { Split, Task } from './dataset';

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
  /** Class of each row (in a multi-label batch, the first of its labels). */
  labels: Int32Array;
  /**
   * Multi-label sources only: k-hot targets [size, classes], 1 for every class of the row. Its
   * presence is what makes the engine train with sigmoid + binary cross-entropy.
   */
  targets?: Float32Array;
  /** Dataset-wide sample indices of the rows, so that predictions can be traced back. */
  sampleIndices: Int32Array;
}

/** What the engine trains and evaluates on: features read from the cache, in batches. */
export interface FeatureSource {
  readonly shape: FeatureShape;
  readonly classes: readonly string[];
  /** Absent = single-label; a multi-label source's batches carry `targets`. */
  readonly task?: Task;
  /** Frames kept per sample (video datasets: k, training draws one); absent = 1. */
  readonly framesPerSample?: number;
  /** Sample indices of a split, in stored order. */
  indices(split: Split): Int32Array;
  /**
   * Every class of a sample (single-label: its one label), without reading its features: what
   * the balanced sampler weighs samples by. Sources without it cannot be sampled balanced.
   */
  labelsOf?(sampleIndex: number): readonly number[];
  /**
   * Reads the given samples (any order, any split) into one batch. A video sample has k frames:
   * `choice.frameSeed` draws one per sample (training), else the middle one is read.
   */
  batch(sampleIndices: ArrayLike<number>, choice?: { frameSeed?: number }): SampleBatch;
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
