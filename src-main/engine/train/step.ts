import type { Case } from '@shared/domain/cases';
import * as tf from '@tensorflow/tfjs';
import { type EncodedArrays, encodedTensors } from '../cache/encoded';
import { topOneHits } from '../eval/multi-label-metrics';
import { sampleTensorMemory } from '../memory';
import type { AVModel } from '../model/model';
import type { Param } from '../model/params';
import { globalNormScale } from './loss';
import { modulateGradients, ogmCoefficients } from './ogm-ge';
import type { AdamOptimizer } from './optimizer';
import { MultiLabelUnsupportedError, taskLoss } from './task-loss';

export interface BatchArrays {
  size: number;
  audio: Float32Array;
  visual: Float32Array;
  labels: Int32Array;
  /** Multi-label batches: k-hot targets [size, classes]; the loss is then sigmoid + BCE. */
  targets?: Float32Array;
  /**
   * The frozen encoders' content from the encoder cache (engine/cache), per sample first; when
   * set, the model reads it instead of `audio` and `visual`.
   */
  encoded?: EncodedArrays;
}

/** What shapes the loss and its gradients (everything but the update itself). */
export interface GradientOptions {
  labelSmoothing: number;
  promptCases?: readonly Case[];
  /** Seed of this step's dropout masks (only used when the config has dropout > 0). */
  dropoutSeed?: number;
  /**
   * Weight w of the auxiliary heads: loss = L(main) + w·(L(audio head) + L(visual head)), L the
   * task's loss (cross-entropy, or binary cross-entropy for multi-label batches).
   */
  auxLossWeight?: number;
  /** Also sum each modality's unimodal confidence (OGM-GE needs it; needs the auxiliary heads). */
  withModalityScores?: boolean;
}

export interface StepOptions extends Omit<GradientOptions, 'withModalityScores'> {
  lr: number;
  clipNorm: number;
  /** OGM-GE on the modality encoders' gradients (needs the auxiliary heads), noise seeded. */
  gradientModulation?: { alpha: number; seed: number };
}

export interface StepResult {
  loss: number;
  /**
   * Rows whose predicted class is right: single-label, the argmax is the label; multi-label, the
   * top-scoring class is one of the row's labels (a running figure; epochs report mAP).
   */
  correct: number;
  /** OGM-GE coefficients applied this step (audio, visual encoders). */
  modulation?: { audio: number; visual: number };
}

/** The gradients of one batch, or of one shard of a batch split over workers. */
export interface BatchGradients {
  /** d(share · loss)/d(param), keyed by param name; the caller disposes them. */
  grads: Map<string, tf.Tensor>;
  /** share · mean loss over the batch. */
  loss: number;
  predicted: Int32Array;
  /** Σ over the batch of softmax(aux head)[label], (audio, visual), when asked for. */
  modalityScores: [number, number] | null;
}

/**
 * Tensors of one batch: audio [B, F, M], visual [B, S, S, C], labels [B], and for a multi-label
 * batch targets [B, classes] (null otherwise).
 */
export function batchTensors(
  model: AVModel,
  b: BatchArrays,
): { audio: tf.Tensor3D; visual: tf.Tensor4D; labels: tf.Tensor1D; targets: tf.Tensor2D | null } {
  const c = model.config;
  return {
    audio: tf.tensor3d(b.audio, [b.size, c.audioFrames, c.melBins]),
    visual: tf.tensor4d(b.visual, [b.size, c.imageSize, c.imageSize, c.imageChannels]),
    labels: tf.tensor1d(b.labels, 'int32'),
    targets: b.targets ? tf.tensor2d(b.targets, [b.size, c.numClasses]) : null,
  };
}

/**
 * Forward and backward of one batch for `params`. `share` scales the loss: a shard of b samples
 * out of a global batch of B passes b / B, so the shards' gradients sum to the global batch's.
 */
export function computeGradients(
  model: AVModel,
  params: readonly Param[],
  batch: BatchArrays,
  opts: GradientOptions,
  share = 1,
): BatchGradients {
  const nameOf = new Map(params.map((p) => [p.variable.name, p.name]));
  const vars = params.map((p) => p.variable);
  const auxWeight = opts.auxLossWeight ?? 0;
  const withScores = opts.withModalityScores ?? false;
  if ((auxWeight > 0 || withScores) && !model.config.auxHeads)
    throw new Error('auxLossWeight > 0 and OGM-GE need a model built with auxHeads');
  if (withScores && batch.targets)
    throw new MultiLabelUnsupportedError(
      'OGM-GE',
      'it measures each modality by the softmax score of the one true class',
    );
  let predicted: tf.Tensor | null = null;
  let scores: tf.Tensor | null = null;
  const { value, grads } = tf.tidy(() => {
    const { audio, visual, labels, targets } = batchTensors(model, batch);
    return tf.variableGrads(() => {
      const forwardOpts = { promptCases: opts.promptCases, dropoutSeed: opts.dropoutSeed };
      const withAux = auxWeight > 0 || withScores;
      const { logits, aux } = batch.encoded
        ? model.forwardEncoded(
            encodedTensors(model, batch.size, batch.encoded),
            forwardOpts,
            withAux,
          )
        : model.forwardOutputs(audio, visual, forwardOpts, withAux);
      sampleTensorMemory();
      predicted = tf.keep(logits.argMax(1));
      let loss = taskLoss(logits, labels, targets, opts.labelSmoothing);
      if (aux && withScores) {
        // Σ_batch softmax(aux)[label] per modality: [2] = (audio, visual).
        const onehot = tf.oneHot(labels, model.config.numClasses).toFloat();
        const score = (l: tf.Tensor) => tf.softmax(l).mul(onehot).sum();
        scores = tf.keep(tf.stack([score(aux.audio), score(aux.visual)]));
      }
      if (aux && auxWeight > 0) {
        const unimodal = taskLoss(aux.audio, labels, targets, opts.labelSmoothing).add(
          taskLoss(aux.visual, labels, targets, opts.labelSmoothing),
        );
        loss = loss.add(unimodal.mul(auxWeight)) as tf.Scalar;
      }
      return share === 1 ? loss : (loss.mul(share) as tf.Scalar);
    }, vars);
  });
  const named = new Map<string, tf.Tensor>();
  for (const [varName, g] of Object.entries(grads)) named.set(nameOf.get(varName)!, g);
  const loss = value.dataSync()[0]!;
  value.dispose();
  const kept = predicted as tf.Tensor | null;
  const out = Int32Array.from(kept!.dataSync());
  kept!.dispose();
  let modalityScores: BatchGradients['modalityScores'] = null;
  const s = scores as tf.Tensor | null;
  if (s) {
    const [sa, sv] = s.dataSync();
    s.dispose(); // kept out of the tape's tidy, so freed by hand
    modalityScores = [sa!, sv!];
  }
  return { grads: named, loss, predicted: out, modalityScores };
}

/**
 * OGM-GE (when asked, from the batch's modality scores), global-norm clipping and the optimizer
 * update. Frees nothing it was given: the caller owns `grads`.
 */
function applyGradients(
  optimizer: AdamOptimizer,
  grads: Map<string, tf.Tensor>,
  modalityScores: [number, number] | null,
  opts: Pick<StepOptions, 'lr' | 'clipNorm' | 'gradientModulation'>,
): StepResult['modulation'] {
  const ogm = opts.gradientModulation;
  if (ogm && !modalityScores) throw new Error('OGM-GE needs the batch’s modality scores');
  const modulation =
    ogm && modalityScores
      ? ogmCoefficients(modalityScores[0], modalityScores[1], ogm.alpha)
      : undefined;
  tf.tidy(() => {
    const modulated = modulation ? modulateGradients(grads, modulation, ogm!.seed) : grads;
    optimizer.apply(modulated, opts.lr, globalNormScale(modulated, opts.clipNorm));
  });
  return modulation;
}

/** Correct predictions of a batch (StepResult.correct). */
function countCorrect(predicted: Int32Array, batch: BatchArrays): number {
  if (batch.targets) return topOneHits(predicted, batch.targets, batch.targets.length / batch.size);
  const { labels } = batch;
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) correct++;
  return correct;
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
  return finishStep(
    optimizer,
    computeGradients(model, optimizer.params, batch, gradientOptions(opts)),
    batch,
    opts,
  );
}

/** What the gradient pass of a step needs from its options (OGM-GE needs the modality scores). */
export function gradientOptions(opts: StepOptions): GradientOptions {
  return { ...opts, withModalityScores: opts.gradientModulation !== undefined };
}

/**
 * The rest of a step once a batch's gradients are known (from this thread or reduced over
 * data-parallel workers): the update, the batch's result, and the gradients freed.
 */
export function finishStep(
  optimizer: AdamOptimizer,
  g: BatchGradients,
  batch: BatchArrays,
  opts: StepOptions,
): StepResult {
  try {
    const modulation = applyGradients(optimizer, g.grads, g.modalityScores, opts);
    const correct = countCorrect(g.predicted, batch);
    return modulation ? { loss: g.loss, correct, modulation } : { loss: g.loss, correct };
  } finally {
    for (const t of g.grads.values()) t.dispose();
  }
}
