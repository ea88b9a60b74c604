import { z } from 'zod';

/** One training step's batch loss and accuracy, stored so a finished run still has its curve. */
export const StepMetricsRecordSchema = z.object({
  epoch: z.number().int().min(1),
  step: z.number().int().min(0),
  stepsPerEpoch: z.number().int().min(1),
  loss: z.number(),
  accuracy: z.number(),
});
export type StepMetricsRecord = z.infer<typeof StepMetricsRecordSchema>;

/** Where a step sits on an epoch axis: epochs done as a fraction (what the live curve plots). */
export const stepX = (s: Pick<StepMetricsRecord, 'epoch' | 'step' | 'stepsPerEpoch'>) =>
  s.epoch - 1 + s.step / Math.max(1, s.stepsPerEpoch);
