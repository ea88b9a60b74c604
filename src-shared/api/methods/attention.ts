import { z } from 'zod';
import {
  AveragedAttentionSchema,
  DEFAULT_ATTENTION_SAMPLES,
  MAX_ATTENTION_SAMPLES,
} from '../../domain/attention-average';
import { CaseSchema } from '../../domain/cases';
import { AttentionPromptingSchema } from '../../domain/methods';

export const attentionMethods = {
  /**
   * A finished run's cross-attention averaged over the test split (or one class of it) under a
   * case, every sample degraded for it: the first `maxSamples` matching samples in stored order.
   */
  'runs.attentionAverage': {
    params: z
      .object({
        id: z.number().int().positive(),
        case: CaseSchema,
        prompting: AttentionPromptingSchema.default('situation'),
        classIndex: z.number().int().nonnegative().optional(),
        maxSamples: z
          .number()
          .int()
          .min(1)
          .max(MAX_ATTENTION_SAMPLES)
          .default(DEFAULT_ATTENTION_SAMPLES),
      })
      .strict(),
    result: AveragedAttentionSchema,
  },
};
