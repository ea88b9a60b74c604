import type { Case } from '@shared/domain/cases';
import * as tf from '@tensorflow/tfjs';
import { sampleTensorMemory } from '../memory';
import type { AVModel } from '../model/model';
import { clipByGlobalNorm, crossEntropy } from './loss';
import { modulateGradients, ogmCoefficients } from './ogm-ge';
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
  /** Weight w of the auxiliary heads: loss = CE(main) + w·(CE(audio head) + CE(visual head)). */
  auxLossWeight?: number;
  /** OGM-GE on the modality encoders' gradients (needs the auxiliary heads), noise seeded. */
  gradientModulation?: { alpha: number; seed: number };
}

export interface StepResult {
  loss: number;
  correct: number;
  /** OGM-GE coefficients applied this step (audio, visual encoders). */
  modulation?: { audio: number; visual: number };
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
): StepResult {
  const nameOf = new Map(optimizer.params.map((p) => [p.variable.name, p.name]));
  const vars = optimizer.params.map((p) => p.variable);
  const auxWeight = opts.auxLossWeight ?? 0;
  const ogm = opts.gradientModulation;
  if ((auxWeight > 0 || ogm) && !model.config.auxHeads)
    throw new Error('auxLossWeight > 0 and OGM-GE need a model built with auxHeads');
  let predicted: tf.Tensor | null = null;
  let modulation: StepResult['modulation'];
  const loss = tf.tidy(() => {
    const { audio, visual, labels } = batchTensors(model, batch);
    let scores: tf.Tensor | null = null;
    const { value, grads } = tf.variableGrads(() => {
      const { logits, aux } = model.forwardOutputs(
        audio,
        visual,
        { promptCases: opts.promptCases, dropoutSeed: opts.dropoutSeed },
        auxWeight > 0 || ogm !== undefined,
      );
      sampleTensorMemory();
      predicted = tf.keep(logits.argMax(1));
      const main = crossEntropy(logits, labels, opts.labelSmoothing);
      if (!aux) return main;
      if (ogm) {
        // Σ_batch softmax(aux)[label] per modality: [2] = (audio, visual).
        const onehot = tf.oneHot(labels, model.config.numClasses).toFloat();
        const score = (l: tf.Tensor) => tf.softmax(l).mul(onehot).sum();
        scores = tf.keep(tf.stack([score(aux.audio), score(aux.visual)]));
      }
      if (auxWeight === 0) return main;
      const unimodal = crossEntropy(aux.audio, labels, opts.labelSmoothing).add(
        crossEntropy(aux.visual, labels, opts.labelSmoothing),
      );
      return main.add(unimodal.mul(auxWeight)) as tf.Scalar;
    }, vars);
    let named = new Map<string, tf.Tensor>();
    for (const [varName, g] of Object.entries(grads)) named.set(nameOf.get(varName)!, g);
    if (ogm && scores) {
      const [sa, sv] = (scores as tf.Tensor).dataSync();
      (scores as tf.Tensor).dispose(); // kept out of the tape's tidy, so freed by hand
      modulation = ogmCoefficients(sa!, sv!, ogm.alpha);
      named = modulateGradients(named, modulation, ogm.seed);
    }
    optimizer.apply(clipByGlobalNorm(named, opts.clipNorm), opts.lr);
    return value;
  });
  const lossValue = loss.dataSync()[0]!;
  const pred = (predicted as tf.Tensor | null)!.dataSync();
  loss.dispose();
  (predicted as tf.Tensor | null)!.dispose();
  let correct = 0;
  for (let i = 0; i < batch.size; i++) if (pred[i] === batch.labels[i]) correct++;
  return modulation ? { loss: lossValue, correct, modulation } : { loss: lossValue, correct };
}
