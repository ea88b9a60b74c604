import type { Case } from '@shared/domain/cases';
import * as tf from '@tensorflow/tfjs';
import { sampleTensorMemory } from '../memory';
import type { AVModel } from '../model/model';
import { clipByGlobalNorm, crossEntropy } from './loss';
import type { AdamOptimizer } from './optimizer';

export interface BatchArrays {
  size: number;
  audio: Float32Array;
  visual: Float32Array;
  labels: Int32Array;
}

export interface StepOptions {
  lr: number;
  labelSmoothing: number;
  clipNorm: number;
  promptCases?: readonly Case[];
  /** Seed of this step's dropout masks (only used when the config has dropout > 0). */
  dropoutSeed?: number;
}

/** Tensors of one batch: audio [B, F, M], visual [B, S, S, C], labels [B]. */
export function batchTensors(
  model: AVModel,
  b: BatchArrays,
): { audio: tf.Tensor3D; visual: tf.Tensor4D; labels: tf.Tensor1D } {
  const c = model.config;
  return {
    audio: tf.tensor3d(b.audio, [b.size, c.audioFrames, c.melBins]),
    visual: tf.tensor4d(b.visual, [b.size, c.imageSize, c.imageSize, c.imageChannels]),
    labels: tf.tensor1d(b.labels, 'int32'),
  };
}

/**
 * One optimisation step on the optimizer's params only. Everything it allocates is freed
 * before it returns (tensor count is constant across steps).
 */
export function trainStep(
  model: AVModel,
  optimizer: AdamOptimizer,
  batch: BatchArrays,
  opts: StepOptions,
): { loss: number; correct: number } {
  const nameOf = new Map(optimizer.params.map((p) => [p.variable.name, p.name]));
  const vars = optimizer.params.map((p) => p.variable);
  let predicted: tf.Tensor | null = null;
  const loss = tf.tidy(() => {
    const { audio, visual, labels } = batchTensors(model, batch);
    const { value, grads } = tf.variableGrads(() => {
      const logits = model.forward(audio, visual, {
        promptCases: opts.promptCases,
        dropoutSeed: opts.dropoutSeed,
      });
      sampleTensorMemory();
      predicted = tf.keep(logits.argMax(1));
      return crossEntropy(logits, labels, opts.labelSmoothing);
    }, vars);
    const named = new Map<string, tf.Tensor>();
    for (const [varName, g] of Object.entries(grads)) named.set(nameOf.get(varName)!, g);
    optimizer.apply(clipByGlobalNorm(named, opts.clipNorm), opts.lr);
    return value;
  });
  const lossValue = loss.dataSync()[0]!;
  const pred = (predicted as tf.Tensor | null)!.dataSync();
  loss.dispose();
  (predicted as tf.Tensor | null)!.dispose();
  let correct = 0;
  for (let i = 0; i < batch.size; i++) if (pred[i] === batch.labels[i]) correct++;
  return { loss: lossValue, correct };
}
