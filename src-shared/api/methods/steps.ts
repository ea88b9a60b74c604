import { z } from 'zod';
import { StepMetricsRecordSchema } from '../../domain/step-metrics';

export const stepMethods = {
  /** A run's stored per-step loss and accuracy (the live stream only covers what the UI saw). */
  'runs.steps': {
    params: z.object({ id: z.number().int().positive() }).strict(),
    result: z.array(StepMetricsRecordSchema),
  },
};
