import { z } from 'zod';
import { CaseSchema } from '../../domain/cases';
import { CorruptionConfigSchema, DEFAULT_CORRUPTION } from '../../domain/corruption';
import { AttentionPromptingSchema, PromptingSchema } from '../../domain/methods';
import {
  CheckpointRecordSchema,
  EfficiencyRecordSchema,
  EpochMetricsRecordSchema,
  EvaluationRecordSchema,
  EvaluationSplitSchema,
  RunRecordSchema,
} from '../../domain/records';
import { ScenarioModelSchema } from '../../domain/scenario';
import { CheckpointChoiceSchema } from '../../domain/selection';
import { AttentionSnapshotSchema, TrainingConfigSchema } from '../../domain/training';

const RunId = z.object({ id: z.number().int().positive() }).strict();

export const RunDetailSchema = z.object({
  run: RunRecordSchema,
  epochs: z.array(EpochMetricsRecordSchema),
  evaluations: z.array(EvaluationRecordSchema),
  efficiency: EfficiencyRecordSchema.nullable(),
  checkpoints: z.array(CheckpointRecordSchema),
});
export type RunDetail = z.infer<typeof RunDetailSchema>;

export const CreateRunSchema = z
  .object({
    datasetId: z.string().min(1),
    training: TrainingConfigSchema,
    model: ScenarioModelSchema.default(ScenarioModelSchema.parse({})),
    corruption: CorruptionConfigSchema.default(DEFAULT_CORRUPTION),
    evaluation: z
      .object({ cases: z.array(CaseSchema).min(1), promptings: z.array(PromptingSchema).min(1) })
      .optional(),
    /** The FT run whose chosen checkpoint this run adapts; required for every method but FT. */
    backboneRunId: z.number().int().positive().optional(),
    /** Which checkpoint is evaluated and adapted from: best on validation, or the last epoch. */
    checkpoint: CheckpointChoiceSchema.default('best-val'),
  })
  .strict();
export type CreateRun = z.input<typeof CreateRunSchema>;

export const runMethods = {
  'runs.list': {
    params: z.object({ experimentId: z.number().int().positive().optional() }).strict(),
    result: z.array(RunRecordSchema),
  },
  'runs.get': { params: RunId, result: RunDetailSchema },
  'runs.create': { params: CreateRunSchema, result: RunRecordSchema },
  'runs.cancel': { params: RunId, result: RunRecordSchema },
  'runs.pause': { params: RunId, result: RunRecordSchema },
  'runs.resume': { params: RunId, result: RunRecordSchema },
  'runs.evaluate': {
    params: z
      .object({
        id: z.number().int().positive(),
        case: CaseSchema,
        prompting: PromptingSchema.default('situation'),
        missingRate: z.number().min(0).max(1).optional(),
        split: EvaluationSplitSchema.default('test'),
      })
      .strict(),
    result: EvaluationRecordSchema,
  },
  'runs.attention': {
    params: z
      .object({
        id: z.number().int().positive(),
        case: CaseSchema,
        prompting: AttentionPromptingSchema.default('situation'),
        sampleIndex: z.number().int().nonnegative(),
      })
      .strict(),
    result: AttentionSnapshotSchema,
  },
};
