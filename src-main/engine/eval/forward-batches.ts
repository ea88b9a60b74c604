import type { Case } from '@shared/domain/cases';
import type { CorruptionConfig } from '@shared/domain/corruption';
import type { FeatureSource, SampleBatch } from '@shared/domain/features';
import * as tf from '@tensorflow/tfjs';
import { applyCorruption } from '../corrupt';
import type { CapturedAttention } from '../model/context';
import type { AVModel, ForwardOptions } from '../model/model';
import { mixSeed } from '../rng';
import { batchTensors } from '../train/step';

type BatchTensors = ReturnType<typeof batchTensors>;

/**
 * Runs `batch` forward with `options` inside tf.tidy and returns what `outputs` picks from the
 * logits; everything else the pass made is disposed (captured attention is kept by the model).
 */
export function forwardBatch<T extends tf.TensorContainer>(
  model: AVModel,
  batch: SampleBatch,
  options: ForwardOptions,
  outputs: (logits: tf.Tensor2D, tensors: BatchTensors) => T,
): T {
  return tf.tidy(() => {
    const t = batchTensors(model, batch);
    return outputs(model.forward(t.audio, t.visual, options), t);
  });
}

/** The samples an evaluation-style pass runs on, how they are degraded, and how it prompts. */
export interface CorruptedPass {
  indices: ArrayLike<number>;
  /** The degradation applied to every batch (with `corruption` at its rate η). */
  case: Case;
  corruption: CorruptionConfig;
  /** Seeds the corruption with the batch number: the same pass gives the same batches. */
  seed: number;
  batchSize: number;
  forwardOptions: ForwardOptions;
  /** Capture every batch's cross-attention (handed to `outputs` and yielded; caller disposes). */
  capture?: boolean;
}

export interface ForwardedBatch<T> {
  /** The batch as corrupted for the case. */
  batch: SampleBatch;
  /** Position of the batch's first sample in `indices`. */
  start: number;
  /** What `outputs` picked; the caller reads and disposes it. */
  outputs: T;
  captured: CapturedAttention[];
}

/**
 * Each batch of `pass.indices` in order, corrupted for the case (seeded by `seed` and the batch
 * number) and run forward once; the shared walk of `evaluate` and `averageAttention`.
 */
export function* forwardCorruptedBatches<T extends tf.TensorContainer>(
  model: AVModel,
  source: FeatureSource,
  pass: CorruptedPass,
  outputs: (pass: {
    logits: tf.Tensor2D;
    tensors: BatchTensors;
    batch: SampleBatch;
    captured: CapturedAttention[];
  }) => T,
): Generator<ForwardedBatch<T>> {
  const { indices, batchSize } = pass;
  for (let start = 0, batchNo = 0; start < indices.length; start += batchSize, batchNo++) {
    const ids = Array.from(
      { length: Math.min(batchSize, indices.length - start) },
      (_, i) => indices[start + i]!,
    );
    const raw = source.batch(ids);
    const corrupted = applyCorruption(
      raw,
      source.shape,
      pass.case,
      pass.corruption,
      mixSeed(pass.seed, batchNo),
    );
    const batch = { ...raw, audio: corrupted.audio, visual: corrupted.visual };
    const captured: CapturedAttention[] = [];
    const options = pass.capture
      ? { ...pass.forwardOptions, capture: captured }
      : pass.forwardOptions;
    const out = forwardBatch(model, batch, options, (logits, tensors) =>
      outputs({ logits, tensors, batch, captured }),
    );
    yield { batch, start, outputs: out, captured };
  }
}
