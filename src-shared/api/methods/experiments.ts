import { z } from 'zod';
import {
  EfficiencyRecordSchema,
  EvaluationRecordSchema,
  ExperimentRecordSchema,
  RunRecordSchema,
} from '../../domain/records';
import { ScenarioSchema } from '../../domain/scenario';
import { EXPORT_FORMATS } from '../../report/format-table';
import type { RelianceReport } from '../../report/modality-reliance';
import type { PooledConfusion } from '../../report/pooled-confusion';
import { RESULT_METRICS } from '../../report/task-metric';

const ExperimentId = z.object({ id: z.number().int().positive() }).strict();

/** Ad hoc evaluations (asked for outside the spec's grid) are left out unless asked for. */
const IncludeAdHoc = z.boolean().default(false);

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

/** The tables `experiments.export` writes. */
export const EXPORT_TABLES = ['results', 'efficiency', 'reliance'] as const;
export type ExportTable = (typeof EXPORT_TABLES)[number];

/** Computed from the stored evaluations (types from src-shared/report; results are not validated). */
export const ExperimentBreakdownSchema = z.object({
  /** Confusion matrices and per-class accuracy of each results-table cell, summed over seeds. */
  confusions: z.custom<PooledConfusion[]>(),
  /** The FT backbone's accuracy with both modalities, audio only and visual only. */
  reliance: z.custom<RelianceReport>(),
});
export type ExperimentBreakdown = z.infer<typeof ExperimentBreakdownSchema>;

export const experimentMethods = {
  'experiments.list': { params: z.object({}).strict(), result: z.array(ExperimentRecordSchema) },
  'experiments.get': {
    params: ExperimentId.extend({ adHoc: IncludeAdHoc }),
    result: ExperimentDetailSchema,
  },
  'experiments.create': {
    params: z.object({ scenario: ScenarioSchema }).strict(),
    result: z.object({ experiment: ExperimentRecordSchema, runs: z.array(RunRecordSchema) }),
  },
  'experiments.export': {
    params: z
      .object({
        id: z.number().int().positive(),
        format: z.enum(EXPORT_FORMATS),
        /**
         * `results`: a metric per case with paired tests (JSON adds the pooled confusion
         * matrices); `efficiency`: parameters, memory, time per model kind; `reliance`: the
         * backbone on both modalities, audio only, visual only.
         */
        table: z.enum(EXPORT_TABLES).default('results'),
        /**
         * The results table's metric: accuracy or macroF1 (single-label), map or auc (multi-label);
         * absent = the task's primary one (accuracy, mAP).
         */
        metric: z.enum(RESULT_METRICS).optional(),
        digits: z.number().int().min(0).max(6).default(3),
        adHoc: IncludeAdHoc,
      })
      .strict(),
    result: ExportSchema,
  },
  'experiments.breakdown': { params: ExperimentId, result: ExperimentBreakdownSchema },
};
