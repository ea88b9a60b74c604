import { z } from 'zod';
import { BackendReportSchema } from '../domain/backend';
import { RunStatusSchema } from '../domain/records';
import { EpochMetricsSchema, EvaluationSchema } from '../domain/training';
import { SettingsSchema } from './methods/app';

const StepProgressSchema = z.object({
  epoch: z.number(),
  step: z.number(),
  stepsPerEpoch: z.number(),
  loss: z.number(),
  accuracy: z.number(),
  samplesPerSec: z.number(),
  etaSeconds: z.number(),
});

/**
 * Everything the main side pushes to subscribers (IPC or WebSocket). One discriminated union,
 * extended as features land; a client ignores types it does not know.
 */
export const ApiEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('settings.changed'), settings: SettingsSchema }),
  z.object({ type: z.literal('backend.loaded'), report: BackendReportSchema }),
  z.object({
    type: z.literal('dataset.progress'),
    stage: z.string(),
    done: z.number(),
    total: z.number(),
  }),
  z.object({ type: z.literal('datasets.changed') }),
  z.object({
    type: z.literal('run.status'),
    runId: z.number().int(),
    status: RunStatusSchema,
    error: z.string().nullable(),
  }),
  z.object({
    type: z.literal('run.progress'),
    runId: z.number().int(),
    progress: StepProgressSchema,
  }),
  z.object({ type: z.literal('run.epoch'), runId: z.number().int(), metrics: EpochMetricsSchema }),
  z.object({
    type: z.literal('run.evaluation'),
    runId: z.number().int(),
    evaluation: EvaluationSchema,
  }),
  z.object({
    type: z.literal('log'),
    level: z.enum(['info', 'warn', 'error']),
    message: z.string(),
    at: z.string(),
  }),
]);
export type ApiEvent = z.infer<typeof ApiEventSchema>;
export type ApiEventType = ApiEvent['type'];
