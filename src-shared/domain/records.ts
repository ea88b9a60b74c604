import { z } from 'zod';
import { BackendNameSchema, RunComputeSchema } from './backend';
import { CaseSchema } from './cases';
import { CorruptionConfigSchema } from './corruption';
import { MethodSchema, PromptingSchema } from './methods';
import { ModelConfigSchema } from './model';
import { ScenarioModelSchema } from './scenario';
import { CheckpointChoiceSchema } from './selection';
import {
  EfficiencySchema,
  EpochMetricsSchema,
  MultiLabelScoresSchema,
  TrainingConfigSchema,
} from './training';

export const RUN_STATUSES = [
  'queued',
  'running',
  'paused',
  'done',
  'failed',
  'cancelled',
  'interrupted',
] as const;
export const RunStatusSchema = z.enum(RUN_STATUSES);
export type RunStatus = z.infer<typeof RunStatusSchema>;

/** Statuses a run can still leave by itself; the others wait for a person (resume) or are final. */
export const ACTIVE_STATUSES: readonly RunStatus[] = ['queued', 'running', 'paused'];

export const RunRoleSchema = z.enum(['backbone', 'adapt', 'single']);
export type RunRole = z.infer<typeof RunRoleSchema>;

export const RunSelectionSchema = z.enum(['selected', 'not-selected']);
export type RunSelection = z.infer<typeof RunSelectionSchema>;

/** Everything a run needs to train and evaluate, fixed when it is created. */
export const RunConfigSchema = z.object({
  training: TrainingConfigSchema,
  model: ScenarioModelSchema,
  corruption: CorruptionConfigSchema,
  evaluation: z.object({
    cases: z.array(CaseSchema).min(1),
    promptings: z.array(PromptingSchema).min(1),
    /** Missing rates η to evaluate at; default the run's own (a backbone serves a whole η sweep). */
    missingRates: z.array(z.number().min(0).max(1)).min(1).optional(),
    /**
     * Modality reliance (backbones): also complete / missing audio / missing visual at η = 1, on
     * the validation and the test split, to show whether the model uses both modalities.
     */
    modalityReliance: z.boolean().optional(),
  }),
  /** Which checkpoint is evaluated (and adapted from); runs stored before the choice used the last. */
  checkpoint: CheckpointChoiceSchema.default('last'),
  /** The learning-rate grid this run is one point of; the point best on validation is selected. */
  lrGrid: z.array(z.number().positive()).optional(),
  /**
   * The imported backbone (scenario `backbone.from`) whose model every run of the experiment has:
   * its id (`<data home>/backbones/<id>.safetensors`, what the backbone run starts from) and config.
   */
  pretrained: z.object({ id: z.string(), config: ModelConfigSchema }).optional(),
});
export type RunConfig = z.infer<typeof RunConfigSchema>;

export const RunRecordSchema = z.object({
  id: z.number().int(),
  experimentId: z.number().int().nullable(),
  parentRunId: z.number().int().nullable(),
  datasetId: z.string(),
  role: RunRoleSchema,
  method: MethodSchema,
  case: CaseSchema,
  missingRate: z.number(),
  seed: z.number().int(),
  config: RunConfigSchema,
  status: RunStatusSchema,
  backend: BackendNameSchema.nullable(),
  /** What computed the run (matmul path, OpenBLAS kernels, fused kernels); null before it starts. */
  compute: RunComputeSchema.nullable(),
  error: z.string().nullable(),
  epochsDone: z.number().int(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  /**
   * Learning-rate grids: `selected` for the point best on validation, `not-selected` for the
   * others (stored, kept out of tables); null outside a grid or while the grid is still training.
   */
  selection: RunSelectionSchema.nullable(),
});
export type RunRecord = z.infer<typeof RunRecordSchema>;

export const ExperimentRecordSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  datasetId: z.string(),
  scenario: z.unknown(),
  scenarioHash: z.string(),
  createdAt: z.string(),
});
export type ExperimentRecord = z.infer<typeof ExperimentRecordSchema>;

/** The split an evaluation ran on: test for results, validation for reliance (never selects by test). */
export const EvaluationSplitSchema = z.enum(['test', 'val']);
export type EvaluationSplit = z.infer<typeof EvaluationSplitSchema>;

export const EvaluationRecordSchema = z.object({
  id: z.number().int(),
  runId: z.number().int(),
  case: CaseSchema,
  prompting: PromptingSchema,
  missingRate: z.number(),
  split: EvaluationSplitSchema,
  /** Asked for by a person outside the spec's grid: stored apart, out of tables unless asked. */
  adHoc: z.boolean(),
  /** Multi-label: the top-1 hit rate (EvaluationSchema says how each task reads it). */
  accuracy: z.number(),
  macroF1: z.number(),
  /** Empty for multi-label evaluations (multiLabel.perClassAp instead). */
  confusion: z.array(z.array(z.number().int())),
  samples: z.number().int(),
  /** [sampleIndex, trueClass, predictedClass] of each misclassified sample. */
  mistakes: z.array(z.tuple([z.number().int(), z.number().int(), z.number().int()])),
  /** Multi-label evaluations only (absent for single-label ones and rows stored before). */
  multiLabel: MultiLabelScoresSchema.optional(),
  createdAt: z.string(),
});
export type EvaluationRecord = z.infer<typeof EvaluationRecordSchema>;

export const EpochMetricsRecordSchema = EpochMetricsSchema.extend({ runId: z.number().int() });
export type EpochMetricsRecord = z.infer<typeof EpochMetricsRecordSchema>;

export const EfficiencyRecordSchema = EfficiencySchema.extend({ runId: z.number().int() });
export type EfficiencyRecord = z.infer<typeof EfficiencyRecordSchema>;

export const CheckpointRecordSchema = z.object({
  id: z.number().int(),
  runId: z.number().int(),
  epoch: z.number().int(),
  path: z.string(),
  sha256: z.string(),
  bytes: z.number().int(),
  createdAt: z.string(),
});
export type CheckpointRecord = z.infer<typeof CheckpointRecordSchema>;
