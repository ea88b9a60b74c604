import { createHash } from 'node:crypto';
import { type FeatureSettings, FeatureSettingsSchema } from '@shared/domain/dataset';
import { z } from 'zod';

/** Bump when the feature arithmetic changes, so old caches are recomputed instead of reused. */
export const FEATURE_PIPELINE_VERSION = 1;

export const CACHE_FILES = {
  meta: 'meta.json',
  audio: 'audio.bin',
  visual: 'visual.bin',
  /** Int32 [samples, 4]: audio row, (first) image row, label, split code. */
  index: 'index.bin',
} as const;
export const INDEX_COLUMNS = 4;
export const SPLIT_CODES = { train: 0, val: 1, test: 2 } as const;

export const CacheMetaSchema = z.object({
  pipelineVersion: z.literal(FEATURE_PIPELINE_VERSION),
  datasetId: z.string(),
  settingsHash: z.string(),
  settings: FeatureSettingsSchema,
  samples: z.number().int().nonnegative(),
  /** Distinct clips and images: a clip paired with several images is stored once. */
  audioRows: z.number().int().nonnegative(),
  imageRows: z.number().int().nonnegative(),
  /**
   * Video datasets: every sample has this many consecutive image rows (its frames, in time
   * order) starting at its index row's image row. Absent = 1.
   */
  framesPerSample: z.number().int().positive().optional(),
  normalisation: z.object({
    audioMean: z.number(),
    audioStd: z.number().positive(),
    imageMean: z.tuple([z.number(), z.number(), z.number()]),
    imageStd: z.tuple([z.number().positive(), z.number().positive(), z.number().positive()]),
  }),
  /** Raw (un-normalised) value ranges, for `dataset inspect`. */
  audioRange: z.tuple([z.number(), z.number()]),
  createdAt: z.string(),
  buildSeconds: z.number(),
});
export type CacheMeta = z.infer<typeof CacheMetaSchema>;

/** Hash of the settings (canonical key order) and the pipeline version: the cache key. */
export function settingsHash(settings: FeatureSettings): string {
  const canonical = FeatureSettingsSchema.parse(settings);
  const keys = Object.keys(canonical).sort() as (keyof FeatureSettings)[];
  const text = JSON.stringify([FEATURE_PIPELINE_VERSION, keys.map((key) => [key, canonical[key]])]);
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

export function bytesPerValue(settings: FeatureSettings): number {
  return settings.storage === 'float16' ? 2 : 4;
}
