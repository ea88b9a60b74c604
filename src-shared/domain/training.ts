import { z } from 'zod';
import { BackendNameSchema } from './backend';
import { CaseSchema } from './cases';
import { MethodSchema, PromptingSchema } from './methods';
import { TrainingRecipeSchema } from './recipe';

export const OptimizerSchema = z.enum(['adam', 'adamw']);
export const ScheduleSchema = z.enum(['constant', 'cosine']);

/**
 * Per-sample corruption draws: k fixed seeded corruptions of the whole train split, one picked per
 * sample and epoch. null (or absent, as in every config stored before it) corrupts each batch
 * afresh from the run RNG. Fixed draws are what lets frozen-encoder outputs be cached.
 */
export const CorruptionDrawsSchema = z.number().int().min(1).max(64).nullable();

/**
 * The frozen-encoder cache of PL runs that qualify (engine/cache): `float32` reproduces the
 * uncached run exactly, `float16` halves the disk and rounds the cached content, `off` never
 * caches. Absent = float32.
 */
export const EncoderCacheModeSchema = z.enum(['float32', 'float16', 'off']);
export type EncoderCacheMode = z.infer<typeof EncoderCacheModeSchema>;

/**
 * How each epoch draws its training samples: `uniform` (every sample once, in a seeded random
 * order) or `balanced` (as many draws with replacement, a sample's weight the sum over its labels
 * of 1 / that label's frequency in the train split, as AudioSet training balances rare classes).
 * Absent = uniform, as every config stored before it.
 */
export const SAMPLERS = ['uniform', 'balanced'] as const;
export const SamplerSchema = z.enum(SAMPLERS);
export type Sampler = z.infer<typeof SamplerSchema>;

/** Hyper-parameters of one training run (one method on one case with one seed). */
export const TrainingConfigSchema = z.object({
  method: MethodSchema,
  /** The case whose prompt set (PL) or data (FT on a case) is trained. */
  case: CaseSchema,
  epochs: z.number().int().min(1).max(10_000),
  batchSize: z.number().int().min(1).max(4096),
  lr: z.number().positive().max(10),
  weightDecay: z.number().min(0).max(1),
  optimizer: OptimizerSchema,
  schedule: ScheduleSchema,
  warmupEpochs: z.number().min(0),
  labelSmoothing: z.number().min(0).max(0.5),
  /** Global-norm gradient clipping; 0 turns it off. */
  clipNorm: z.number().min(0),
  seed: z.number().int().min(0),
  /** Remedies and augmentation; stored configs from before it parse as no recipe. */
  recipe: TrainingRecipeSchema.default(TrainingRecipeSchema.parse({})),
  corruptionDraws: CorruptionDrawsSchema.optional(),
  encoderCache: EncoderCacheModeSchema.optional(),
  sampler: SamplerSchema.optional(),
});
export type TrainingConfig = z.infer<typeof TrainingConfigSchema>;

/** What one training step reports, for live progress. */
export interface StepProgress {
  epoch: number;
  step: number;
  stepsPerEpoch: number;
  loss: number;
  accuracy: number;
  samplesPerSec: number;
  /** Seconds left for the whole run, estimated from the recent pace. */
  etaSeconds: number;
}

export const EpochMetricsSchema = z.object({
  epoch: z.number().int().min(1),
  trainLoss: z.number(),
  trainAccuracy: z.number(),
  valLoss: z.number().nullable(),
  valAccuracy: z.number().nullable(),
  /**
   * Multi-label runs: validation mAP, what selects their epochs and grid points (absent for
   * single-label runs; null when nothing was validated or no class had a positive).
   */
  valMap: z.number().nullable().optional(),
  lr: z.number(),
  seconds: z.number(),
  samplesPerSec: z.number(),
});
export type EpochMetrics = z.infer<typeof EpochMetricsSchema>;

/**
 * The ranking metrics of a multi-label evaluation (engine/eval/multi-label-metrics.ts, with
 * scikit-learn's definitions). A class without positives in the split has no AP and is left out
 * of the mAP; one without positives or without negatives has no AUC. Both counts are kept.
 */
export const MultiLabelScoresSchema = z.object({
  /** Mean of the per-class APs that exist; null when no class has a positive. */
  map: z.number().min(0).max(1).nullable(),
  /** Macro ROC-AUC over the classes that have one; null when none does. */
  auc: z.number().min(0).max(1).nullable(),
  /** AP of each class, null where the class has no positive. */
  perClassAp: z.array(z.number().min(0).max(1).nullable()),
  mapSkipped: z.number().int().nonnegative(),
  aucSkipped: z.number().int().nonnegative(),
  /** Samples of the split that have each class: its prevalence, which a random scorer's AP is. */
  positives: z.array(z.number().int().nonnegative()),
});
export type MultiLabelScores = z.infer<typeof MultiLabelScoresSchema>;

export const EvaluationSchema = z.object({
  case: CaseSchema,
  prompting: PromptingSchema,
  /**
   * Share of samples whose top class is right: single-label, the argmax is the label;
   * multi-label, the top-scoring class is one of the sample's labels (top-1 hit rate).
   */
  accuracy: z.number().min(0).max(1),
  /** Macro-F1; multi-label: per class of the predictions thresholded at probability 0.5. */
  macroF1: z.number().min(0).max(1),
  /** confusion[true][predicted] counts; empty for multi-label (see multiLabel.perClassAp). */
  confusion: z.array(z.array(z.number().int().nonnegative())),
  samples: z.number().int().nonnegative(),
  /** Multi-label evaluations only: mAP, macro ROC-AUC and per-class AP. */
  multiLabel: MultiLabelScoresSchema.optional(),
});
export type Evaluation = z.infer<typeof EvaluationSchema>;

export const EfficiencySchema = z.object({
  backend: BackendNameSchema,
  totalParams: z.number().int().nonnegative(),
  trainableParams: z.number().int().nonnegative(),
  peakTensorBytes: z.number().nonnegative(),
  peakRssBytes: z.number().nonnegative(),
  secondsPerEpoch: z.number().nonnegative(),
  trainSamplesPerSec: z.number().nonnegative(),
  /** Data-parallel training threads (absent in records from before data-parallel training). */
  workers: z.number().int().positive().optional(),
  /** What ran the matrix products on wasm, and with how many threads per worker. */
  matmul: z.enum(['xnnpack', 'openblas']).optional(),
  matmulThreads: z.number().int().positive().optional(),
});
export type Efficiency = z.infer<typeof EfficiencySchema>;

/** Which cross-attention map this is (fusion block, direction) and its shape. */
export const AttentionMapShapeSchema = z.object({
  block: z.number().int().nonnegative(),
  direction: z.enum(['audio_to_visual', 'visual_to_audio']),
  heads: z.number().int().positive(),
  queries: z.number().int().positive(),
  /** Key columns: prompt columns first (`promptKeys` of them), then the content tokens. */
  keys: z.number().int().positive(),
  promptKeys: z.number().int().nonnegative(),
});
export type AttentionMapShape = z.infer<typeof AttentionMapShapeSchema>;

/** Cross-attention weights of one fusion block for one sample, heads kept apart. */
export const AttentionMapSchema = AttentionMapShapeSchema.extend({
  /** Row-major [heads, queries, keys]. */
  weights: z.array(z.number()),
});
export type AttentionMap = z.infer<typeof AttentionMapSchema>;

export const AttentionSnapshotSchema = z.object({
  case: CaseSchema,
  prompting: PromptingSchema,
  sampleIndex: z.number().int().nonnegative(),
  /** Token grid of each modality, to lay the key columns out over the spectrogram and image. */
  audioGrid: z.tuple([z.number().int(), z.number().int()]),
  visualGrid: z.tuple([z.number().int(), z.number().int()]),
  maps: z.array(AttentionMapSchema),
  /** Share of attention mass on prompt keys, averaged over heads and queries, per direction. */
  promptShare: z.object({ audioToVisual: z.number(), visualToAudio: z.number() }),
});
export type AttentionSnapshot = z.infer<typeof AttentionSnapshotSchema>;
