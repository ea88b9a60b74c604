import type { FeatureShape, FeatureSource, SampleBatch } from '@shared/domain/features';
import type { ModelConfig } from '@shared/domain/model';
import { NO_RECIPE } from '@shared/domain/recipe';
import type { TrainingConfig } from '@shared/domain/training';
import { modelConfigForPreset } from '../../../src-main/engine/model/config';
import { Rng } from '../../../src-main/engine/rng';

/** A model small enough that a test step takes milliseconds: 4 + 4 tokens of width 16. */
export function microConfig(overrides: Partial<ModelConfig> = {}): ModelConfig {
  return modelConfigForPreset('tiny', {
    numClasses: 3,
    audioFrames: 8,
    melBins: 8,
    imageSize: 8,
    imageChannels: 1,
    dim: 16,
    heads: 2,
    mlpRatio: 2,
    audioBlocks: 1,
    visualBlocks: 1,
    fusionBlocks: 1,
    jointBlocks: 1,
    audioPatch: 4,
    imagePatch: 4,
    inputPromptLength: 2,
    attentionPromptLength: 2,
    loraRank: 2,
    adapterBottleneck: 4,
    ...overrides,
  });
}

/** A micro run's training settings: FT on noisy audio, 3 epochs of 8; tests override what they vary. */
export function microTraining(over: Partial<TrainingConfig> = {}): TrainingConfig {
  return {
    method: 'ft',
    case: 'noisy_audio',
    epochs: 3,
    batchSize: 8,
    lr: 3e-3,
    weightDecay: 0.01,
    optimizer: 'adamw',
    schedule: 'cosine',
    warmupEpochs: 1,
    labelSmoothing: 0.1,
    clipNorm: 1,
    seed: 9,
    recipe: NO_RECIPE,
    ...over,
  };
}

/**
 * An in-memory FeatureSource whose classes are learnable from either modality: each class
 * has its own random audio and image template, plus small per-sample noise.
 */
export function syntheticSource(
  shape: FeatureShape,
  classes: number,
  counts: { train: number; val: number; test: number },
  seed = 1,
  /** Std of the per-sample noise around each class template (templates have std 1). */
  noise: number | { audio: number; visual: number } = 0.3,
): FeatureSource {
  const audioNoise = typeof noise === 'number' ? noise : noise.audio;
  const visualNoise = typeof noise === 'number' ? noise : noise.visual;
  const rng = new Rng(seed);
  const aLen = shape.audioFrames * shape.melBins;
  const vLen = shape.imageSize * shape.imageSize * shape.imageChannels;
  const total = counts.train + counts.val + counts.test;
  const audioT = Array.from({ length: classes }, () =>
    Float32Array.from({ length: aLen }, () => rng.normal()),
  );
  const visualT = Array.from({ length: classes }, () =>
    Float32Array.from({ length: vLen }, () => rng.normal()),
  );
  const labels = Int32Array.from({ length: total }, (_, i) => i % classes);
  const audio = new Float32Array(total * aLen);
  const visual = new Float32Array(total * vLen);
  for (let i = 0; i < total; i++) {
    for (let j = 0; j < aLen; j++)
      audio[i * aLen + j] = audioT[labels[i]!]![j]! + audioNoise * rng.normal();
    for (let j = 0; j < vLen; j++)
      visual[i * vLen + j] = visualT[labels[i]!]![j]! + visualNoise * rng.normal();
  }
  const range = (from: number, n: number) => Int32Array.from({ length: n }, (_, i) => from + i);
  const splits = {
    train: range(0, counts.train),
    val: range(counts.train, counts.val),
    test: range(counts.train + counts.val, counts.test),
  };
  return {
    shape,
    classes: Array.from({ length: classes }, (_, i) => `class${i}`),
    indices: (split) => splits[split],
    batch(sampleIndices): SampleBatch {
      const n = sampleIndices.length;
      const out: SampleBatch = {
        size: n,
        audio: new Float32Array(n * aLen),
        visual: new Float32Array(n * vLen),
        labels: new Int32Array(n),
        sampleIndices: Int32Array.from(sampleIndices),
      };
      for (let r = 0; r < n; r++) {
        const s = sampleIndices[r]!;
        out.audio.set(audio.subarray(s * aLen, (s + 1) * aLen), r * aLen);
        out.visual.set(visual.subarray(s * vLen, (s + 1) * vLen), r * vLen);
        out.labels[r] = labels[s]!;
      }
      return out;
    },
  };
}
