import { z } from 'zod';
import { CaseSchema } from './cases';
import { AttentionPromptingSchema } from './methods';
import { AttentionMapShapeSchema } from './training';

/** The most test samples one averaged-attention request may look at (the worker runs each once). */
export const MAX_ATTENTION_SAMPLES = 2048;
/** How many it looks at when the request does not say. */
export const DEFAULT_ATTENTION_SAMPLES = 256;

/**
 * One fusion block's cross-attention in one direction, averaged over samples and heads. The keys
 * of a cross-attention are the other modality's: `promptKeys` prompt columns first (attention-level
 * prompts, then the other stream's encoded input prompts), then its content tokens. The model
 * pools by mean, so there is no CLS token and no CLS group.
 */
export const AveragedAttentionMapSchema = AttentionMapShapeSchema.extend({
  /** Row-major [queries, keys]: the mean over samples and heads; every row sums to 1. */
  mean: z.array(z.number()),
  /** Per head: share of its attention mass on prompt keys (mean over samples and queries). */
  promptShareByHead: z.array(z.number()),
  /** Share of the mass on each key group (mean over samples, heads and queries); they sum to 1. */
  shares: z.object({ prompts: z.number(), tokens: z.number() }),
});
export type AveragedAttentionMap = z.infer<typeof AveragedAttentionMapSchema>;

/** Cross-attention of one run averaged over test samples (all, or those of one class). */
export const AveragedAttentionSchema = z.object({
  runId: z.number().int().positive(),
  case: CaseSchema,
  prompting: AttentionPromptingSchema,
  /** The class whose test samples were averaged; null for the whole test split. */
  classIndex: z.number().int().nonnegative().nullable(),
  /** Samples averaged, and how many test samples matched (more when `maxSamples` cut them). */
  samples: z.number().int().positive(),
  matching: z.number().int().positive(),
  audioGrid: z.tuple([z.number().int(), z.number().int()]),
  visualGrid: z.tuple([z.number().int(), z.number().int()]),
  maps: z.array(AveragedAttentionMapSchema),
  /** Share on prompt keys per direction, the mean over fusion blocks (as in a snapshot). */
  promptShare: z.object({ audioToVisual: z.number(), visualToAudio: z.number() }),
});
export type AveragedAttention = z.infer<typeof AveragedAttentionSchema>;
