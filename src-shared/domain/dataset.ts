import { z } from 'zod';

export const SPLITS = ['train', 'val', 'test'] as const;
export const SplitSchema = z.enum(SPLITS);
export type Split = z.infer<typeof SplitSchema>;

export const IMPORTER_KINDS = ['demo', 'manifest', 'folders', 'avmnist'] as const;
export const ImporterKindSchema = z.enum(IMPORTER_KINDS);
export type ImporterKind = z.infer<typeof ImporterKindSchema>;

/** Settings that fix the cached features of a dataset; their hash keys the cache. */
export const FeatureSettingsSchema = z.object({
  sampleRate: z.number().int().positive(),
  /** Clip length after pad/crop, in filterbank frames (10 ms each). */
  audioFrames: z.number().int().positive(),
  melBins: z.number().int().positive(),
  imageSize: z.number().int().positive(),
  storage: z.enum(['float32', 'float16']),
});
export type FeatureSettings = z.infer<typeof FeatureSettingsSchema>;

export const DatasetSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: ImporterKindSchema,
  classes: z.array(z.string()),
  counts: z.record(SplitSchema, z.number().int().nonnegative()),
  createdAt: z.string(),
});
export type DatasetSummary = z.infer<typeof DatasetSummarySchema>;

export const RejectedFileSchema = z.object({ file: z.string(), reason: z.string() });
export type RejectedFile = z.infer<typeof RejectedFileSchema>;
