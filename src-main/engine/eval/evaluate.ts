import { CASES, type Case } from '@shared/domain/cases';
import type { CorruptionConfig } from '@shared/domain/corruption';
import type { FeatureSource } from '@shared/domain/features';
import type { Prompting } from '@shared/domain/methods';
import type { Evaluation } from '@shared/domain/training';
import * as tf from '@tensorflow/tfjs';
import { applyCorruption } from '../corrupt';
import type { AVModel } from '../model/model';
import { mixSeed } from '../rng';
import { crossEntropy } from '../train/loss';
import { batchTensors } from '../train/step';
import { accuracy, confusionMatrix, macroF1 } from './metrics';

export interface SamplePrediction {
  sampleIndex: number;
  label: number;
  predicted: number;
  /** Softmax probability of the predicted class. */
  confidence: number;
}

export interface EvaluationResult extends Evaluation {
  /** Mean cross-entropy (no smoothing). */
  loss: number;
  predictions: SamplePrediction[];
}

/** Prompt sets a prompting mode uses: the case's own set, or all sets concatenated. */
export function promptCasesFor(testCase: Case, prompting: Prompting): readonly Case[] {
  return prompting === 'situation' ? [testCase] : CASES;
}

/**
 * Evaluates the model on `indices` under one case: each batch is corrupted for that case
 * (seeded by `seed` and the batch number, so the same call gives the same result).
 */
export async function evaluate(
  model: AVModel,
  source: FeatureSource,
  indices: ArrayLike<number>,
  testCase: Case,
  prompting: Prompting,
  corruption: CorruptionConfig,
  seed: number,
  batchSize = 32,
  /** Prompt sets to concatenate instead of the prompting mode's default (concat: the trained cases). */
  promptCasesOverride?: readonly Case[],
): Promise<EvaluationResult> {
  const C = model.config.numClasses;
  const labels: number[] = [];
  const predicted: number[] = [];
  const predictions: SamplePrediction[] = [];
  let lossSum = 0;
  const promptCases = promptCasesOverride ?? promptCasesFor(testCase, prompting);
  for (let start = 0, batchNo = 0; start < indices.length; start += batchSize, batchNo++) {
    const ids = Array.from(
      { length: Math.min(batchSize, indices.length - start) },
      (_, i) => indices[start + i]!,
    );
    const raw = source.batch(ids);
    const corrupted = applyCorruption(
      raw,
      source.shape,
      testCase,
      corruption,
      mixSeed(seed, batchNo),
    );
    const batch = { ...raw, audio: corrupted.audio, visual: corrupted.visual };
    const [probs, loss] = tf.tidy(() => {
      const t = batchTensors(model, batch);
      const logits = model.forward(t.audio, t.visual, { promptCases });
      return [tf.softmax(logits), crossEntropy(logits, t.labels).mul(batch.size)];
    });
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
