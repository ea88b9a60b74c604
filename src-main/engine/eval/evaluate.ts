import type { Case } from '@shared/domain/cases';
import type { CorruptionConfig } from '@shared/domain/corruption';
import type { FeatureSource } from '@shared/domain/features';
import type { Prompting } from '@shared/domain/methods';
import { MODALITY_MODE_OF_CASE, modalityModeRefusal } from '@shared/domain/model';
import type { Evaluation } from '@shared/domain/training';
import * as tf from '@tensorflow/tfjs';
import type { AVModel, ForwardOptions } from '../model/model';
import { crossEntropy } from '../train/loss';
import { taskLoss } from '../train/task-loss';
import { type CorruptedPass, forwardCorruptedBatches } from './forward-batches';
import { accuracy, confusionMatrix, macroF1 } from './metrics';
import { multiLabelMetrics, thresholdedMacroF1 } from './multi-label-metrics';

export interface SamplePrediction {
  sampleIndex: number;
  label: number;
  predicted: number;
  /** Softmax (multi-label: sigmoid) probability of the predicted class. */
  confidence: number;
  /** Multi-label: every class of the sample (`label` is the first). */
  labels?: number[];
}

export interface EvaluationResult extends Evaluation {
  /** Mean cross-entropy, or binary cross-entropy for multi-label (no smoothing). */
  loss: number;
  predictions: SamplePrediction[];
}

/**
 * Prompt sets a prompting mode uses: situation-specific, the test case's own; concat, the sets
 * of the cases the family trained (`trained`), in that order. Concat without them is refused
 * rather than guessed: a family rarely trains every case.
 */
export function promptCasesFor(
  testCase: Case,
  prompting: Prompting,
  trained?: readonly Case[],
): readonly Case[] {
  if (prompting !== 'concat') return [testCase];
  if (!trained || trained.length === 0)
    throw new Error('concat-based prompting needs the prompt sets of the cases the family trained');
  return trained;
}

/** The forward options of an evaluation: its prompt sets, and its mode under `modality-mode`. */
function forwardOptionsFor(model: AVModel, opts: EvaluateOptions): ForwardOptions {
  const promptCases = promptCasesFor(opts.case, opts.prompting, opts.trainedCases);
  if (opts.prompting !== 'modality-mode') return { promptCases };
  const refusal = modalityModeRefusal(model.config);
  if (refusal) throw new Error(`modality-mode evaluation: ${refusal}`);
  if (!(opts.case in MODALITY_MODE_OF_CASE))
    throw new Error(`modality-mode evaluation is for missing-modality cases, not ${opts.case}`);
  return {
    promptCases,
    mode: MODALITY_MODE_OF_CASE[opts.case as keyof typeof MODALITY_MODE_OF_CASE],
  };
}

/** What one evaluation runs on and how. */
export interface EvaluateOptions {
  indices: ArrayLike<number>;
  /** The degradation applied to every batch (with `corruption` at its rate η). */
  case: Case;
  prompting: Prompting;
  corruption: CorruptionConfig;
  /** Seeds the corruption: the same call gives the same result. */
  seed: number;
  /** For concat: the cases whose prompt sets are concatenated (promptCasesFor). */
  trainedCases?: readonly Case[];
  batchSize?: number;
}

/**
 * Evaluates the model on `indices` under one case: each batch is corrupted for that case
 * (seeded by `seed` and the batch number, so the same call gives the same result).
 */
export async function evaluate(
  model: AVModel,
  source: FeatureSource,
  opts: EvaluateOptions,
): Promise<EvaluationResult> {
  const { case: testCase, prompting } = opts;
  if (source.task === 'multi-label') return evaluateMultiLabel(model, source, opts);
  const C = model.config.numClasses;
  const labels: number[] = [];
  const predicted: number[] = [];
  const predictions: SamplePrediction[] = [];
  let lossSum = 0;
  const batches = forwardCorruptedBatches(
    model,
    source,
    passOf(model, opts),
    ({ logits, tensors, batch }) => ({
      probs: tf.softmax(logits),
      loss: crossEntropy(logits, tensors.labels).mul(batch.size),
    }),
  );
  for (const {
    batch,
    outputs: { probs, loss },
  } of batches) {
    const p = (await probs.data()) as Float32Array;
    lossSum += (await loss.data())[0]!;
    probs.dispose();
    loss.dispose();
    for (let r = 0; r < batch.size; r++) {
      let best = 0;
      for (let k = 1; k < C; k++) if (p[r * C + k]! > p[r * C + best]!) best = k;
      labels.push(batch.labels[r]!);
      predicted.push(best);
      predictions.push({
        sampleIndex: batch.sampleIndices[r]!,
        label: batch.labels[r]!,
        predicted: best,
        confidence: p[r * C + best]!,
      });
    }
  }
  const confusion = confusionMatrix(labels, predicted, C);
  return {
    case: testCase,
    prompting,
    accuracy: accuracy(confusion),
    macroF1: macroF1(confusion),
    confusion,
    samples: labels.length,
    loss: labels.length === 0 ? 0 : lossSum / labels.length,
    predictions,
  };
}

/** The batches an evaluation walks: `evaluate`'s corruption, prompted as its options say. */
function passOf(model: AVModel, opts: EvaluateOptions): CorruptedPass {
  return {
    ...opts,
    batchSize: opts.batchSize ?? 32,
    forwardOptions: forwardOptionsFor(model, opts),
  };
}

/**
 * `evaluate` for a multi-label source: sigmoid probabilities ranked per class (mAP, macro
 * ROC-AUC, per-class AP), the top-1 hit rate as `accuracy`, thresholded macro-F1, no confusion
 * matrix (it has no meaning when a sample has several classes).
 */
async function evaluateMultiLabel(
  model: AVModel,
  source: FeatureSource,
  opts: EvaluateOptions,
): Promise<EvaluationResult> {
  const { indices } = opts;
  const C = model.config.numClasses;
  const scores = new Float32Array(indices.length * C);
  const targets = new Float32Array(indices.length * C);
  const predictions: SamplePrediction[] = [];
  let lossSum = 0;
  let hits = 0;
  const batches = forwardCorruptedBatches(
    model,
    source,
    passOf(model, opts),
    ({ logits, tensors, batch }) => {
      if (!batch.targets)
        throw new Error('evaluate: a multi-label source gave a batch without targets');
      return {
        probs: tf.sigmoid(logits),
        loss: taskLoss(logits, tensors.labels, tensors.targets).mul(batch.size),
      };
    },
  );
  for (const {
    batch,
    start,
    outputs: { probs, loss },
  } of batches) {
    const batchTargets = batch.targets!;
    const p = (await probs.data()) as Float32Array;
    lossSum += (await loss.data())[0]!;
    probs.dispose();
    loss.dispose();
    scores.set(p, start * C);
    targets.set(batchTargets, start * C);
    for (let r = 0; r < batch.size; r++) {
      let best = 0;
      const labels: number[] = [];
      for (let k = 0; k < C; k++) {
        if (p[r * C + k]! > p[r * C + best]!) best = k;
        if (batchTargets[r * C + k]! > 0.5) labels.push(k);
      }
      if (labels.includes(best)) hits++;
      predictions.push({
        sampleIndex: batch.sampleIndices[r]!,
        label: batch.labels[r]!,
        predicted: best,
        confidence: p[r * C + best]!,
        labels,
      });
    }
  }
  const n = indices.length;
  const { map, auc } = multiLabelMetrics(scores, targets, C);
  return {
    case: opts.case,
    prompting: opts.prompting,
    accuracy: n === 0 ? 0 : hits / n,
    macroF1: thresholdedMacroF1(scores, targets, C, 0.5),
    confusion: [],
    samples: n,
    multiLabel: {
      map: map.mean,
      auc: auc.mean,
      perClassAp: map.perClass,
      mapSkipped: map.skipped,
      aucSkipped: auc.skipped,
      positives: Array.from({ length: C }, (_, c) => {
        let count = 0;
        for (let i = 0; i < n; i++) if (targets[i * C + c]! > 0.5) count++;
        return count;
      }),
    },
    loss: n === 0 ? 0 : lossSum / n,
    predictions,
  };
}
