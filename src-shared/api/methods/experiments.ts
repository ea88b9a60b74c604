import { z } from 'zod';
import {
  EfficiencyRecordSchema,
  EvaluationRecordSchema,
  ExperimentRecordSchema,
  RunRecordSchema,
} from '../../domain/records';
import { ScenarioSchema } from '../../domain/scenario';
import { EXPORT_FORMATS } from '../../report/format-table';

const ExperimentId = z.object({ id: z.number().int().positive() }).strict();

export const ExperimentDetailSchema = z.object({
  experiment: ExperimentRecordSchema,
  runs: z.array(RunRecordSchema),
  evaluations: z.array(EvaluationRecordSchema),
  efficiency: z.array(EfficiencyRecordSchema),
});
export type ExperimentDetail = z.infer<typeof ExperimentDetailSchema>;

export const ExportSchema = z.object({
  filename: z.string(),
  mime: z.string(),
  content: z.string(),
});
export type ExportFile = z.infer<typeof ExportSchema>;

export const experimentMethods = {
  'experiments.list': { params: z.object({}).strict(), result: z.array(ExperimentRecordSchema) },
  'experiments.get': { params: ExperimentId, result: ExperimentDetailSchema },
  'experiments.create': {
    params: z.object({ scenario: ScenarioSchema }).strict(),
    result: z.object({ experiment: ExperimentRecordSchema, runs: z.array(RunRecordSchema) }),
  },
  'experiments.export': {
    params: z
      .object({
        id: z.number().int().positive(),
        format: z.enum(EXPORT_FORMATS),
        /** `results`: accuracy or macro-F1 per case; `efficiency`: parameters, memory, time per model kind. */
        table: z.enum(['results', 'efficiency']).default('results'),
        metric: z.enum(['accuracy', 'macroF1']).default('accuracy'),
        digits: z.number().int().min(0).max(6).default(3),
      })
      .strict(),
    result: ExportSchema,
  },
};
