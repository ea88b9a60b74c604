import { z } from 'zod';
import { CaseSchema } from '../../domain/cases';
import { AudioNoiseSchema, SeveritySchema, VisualNoiseSchema } from '../../domain/corruption';
import {
  AvmnistImportOptionsSchema,
  DatasetSummarySchema,
  DemoImportOptionsSchema,
  FeatureSettingsRequestSchema,
  FoldersImportOptionsSchema,
  ImportReportSchema,
  ManifestImportOptionsSchema,
  SplitCountsSchema,
  SplitSchema,
  VideoImportOptionsSchema,
} from '../../domain/dataset';

const DatasetId = z.object({ id: z.string().min(1) }).strict();

/**
 * Feature settings for one view (inspect, preview): the fields given override the dataset's own
 * settings for that view only; nothing is stored. No 'auto' frames: that is resolved at import.
 */
export const ViewFeatureSettingsSchema = FeatureSettingsRequestSchema.omit({ audioFrames: true })
  .extend({ audioFrames: z.number().int().positive().optional() })
  .strict();
export type ViewFeatureSettings = z.infer<typeof ViewFeatureSettingsSchema>;

/**
 * Whether the import computes the feature cache now (absent: yes). false keeps the feature
 * settings but leaves the cache to its first use (a run, a preview): the CLI's --no-features.
 */
const computeFeatures = z.boolean().optional();

export const DatasetImportSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('demo'),
      options: DemoImportOptionsSchema.default({}),
      computeFeatures,
    })
    .strict(),
  z
    .object({ kind: z.literal('manifest'), options: ManifestImportOptionsSchema, computeFeatures })
    .strict(),
  z
    .object({ kind: z.literal('folders'), options: FoldersImportOptionsSchema, computeFeatures })
    .strict(),
  z
    .object({ kind: z.literal('avmnist'), options: AvmnistImportOptionsSchema, computeFeatures })
    .strict(),
  z
    .object({ kind: z.literal('video'), options: VideoImportOptionsSchema, computeFeatures })
    .strict(),
]);
export type DatasetImport = z.input<typeof DatasetImportSchema>;

export const DatasetInspectionSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  createdAt: z.string(),
  classes: z.array(z.string()),
  counts: SplitCountsSchema,
  /** split → class → samples */
  classCounts: z.record(z.string(), z.record(z.string(), z.number())),
  durations: z.object({ min: z.number(), median: z.number(), max: z.number(), total: z.number() }),
  rejected: z.number(),
  features: z
    .object({
      settingsHash: z.string(),
      storage: z.string(),
      audioShape: z.tuple([z.number(), z.number()]),
      imageShape: z.tuple([z.number(), z.number(), z.number()]),
    })
    .passthrough()
    .optional(),
});
export type DatasetInspectionResult = z.infer<typeof DatasetInspectionSchema>;

export const SampleListItemSchema = z.object({
  index: z.number().int(),
  id: z.string(),
  /** What a person calls the sample: its file names (or IDX entry, or generator seed), not the id. */
  title: z.string(),
  label: z.number().int(),
  className: z.string(),
  /** Multi-label datasets: every class of the sample, in class order (className is the first). */
  classNames: z.array(z.string()).optional(),
  split: SplitSchema,
});
export type SampleListItem = z.infer<typeof SampleListItemSchema>;

/** One extracted frame of a video sample: a JPEG data URL and when in the clip it was taken. */
export const SampleFrameSchema = z.object({ src: z.string(), seconds: z.number().nullable() });
export type SampleFrame = z.infer<typeof SampleFrameSchema>;

export const SampleViewSchema = SampleListItemSchema.extend({
  /** The decoded audio as a 16-bit PCM WAV data URL, ready for an <audio> element. */
  audioWav: z.string(),
  sampleRate: z.number(),
  durationSeconds: z.number(),
  /** The decoded image as a PNG data URL. */
  imagePng: z.string(),
  imageWidth: z.number().int(),
  imageHeight: z.number().int(),
  /** Video samples: every extracted frame in time order (imagePng is the middle one). */
  frames: z.array(SampleFrameSchema).optional(),
  /** A clip without an audio track, kept with silent audio in its place. */
  audioMissing: z.boolean().optional(),
});
export type SampleView = z.infer<typeof SampleViewSchema>;

export const PreviewCorruptionSchema = z
  .object({
    audioNoises: z.array(AudioNoiseSchema).min(1),
    visualNoises: z.array(VisualNoiseSchema).min(1),
    severity: SeveritySchema,
  })
  .strict();

export const SamplePreviewSchema = z.object({
  index: z.number().int(),
  case: CaseSchema,
  className: z.string(),
  /** Normalised log-mel as the model sees it: row-major [frames, melBins]. */
  spectrogram: z.object({
    frames: z.number().int(),
    melBins: z.number().int(),
    values: z.array(z.number()),
  }),
  /** The model's image (after corruption), de-normalised to a PNG data URL. */
  imagePng: z.string(),
  /** The spectrogram as a colour-mapped PNG data URL, when asked for (`renderSpectrogram`). */
  spectrogramPng: z.string().optional(),
  shape: z.object({
    audioFrames: z.number().int(),
    melBins: z.number().int(),
    imageSize: z.number().int(),
    imageChannels: z.number().int(),
  }),
  /** What was applied to each modality, or null when it was left clean. */
  audioApplied: z.string().nullable(),
  visualApplied: z.string().nullable(),
});
export type SamplePreviewResult = z.infer<typeof SamplePreviewSchema>;

/** Small pictures for a sample card; null when there is nothing to draw from (see the method). */
export const SampleThumbnailSchema = z.object({
  index: z.number().int(),
  /** The image at the model's size (at most 96 px), as a PNG data URL. */
  imagePng: z.string().nullable(),
  /** The log-mel the model sees, squeezed to a strip (time × 16 rows), as a PNG data URL. */
  spectrogramPng: z.string().nullable(),
});
export type SampleThumbnail = z.infer<typeof SampleThumbnailSchema>;

/** The whole clip's log-mel, and which part of it the model sees. */
export const ClipSpectrogramSchema = z.object({
  index: z.number().int(),
  durationSeconds: z.number(),
  frameShiftMs: z.number(),
  /** Frames drawn (the whole clip, or its first `maxFrames` when it is longer). */
  frames: z.number().int(),
  /** Frames of the whole clip at the frame shift. */
  clipFrames: z.number().int(),
  melBins: z.number().int(),
  /** Row-major [frames, melBins], normalised as the model's input is (see normalisedBy). */
  values: z.array(z.number()),
  /** 'dataset': the cache's train statistics, as the model sees it; 'clip': its own (no cache yet). */
  normalisedBy: z.enum(['dataset', 'clip']),
  /** The dataset's audioFrames: the model sees frames [0, modelFrames) from the clip start, zero-padded past its end. */
  modelFrames: z.number().int(),
});
export type ClipSpectrogram = z.infer<typeof ClipSpectrogramSchema>;

export const datasetMethods = {
  'datasets.list': { params: z.object({}).strict(), result: z.array(DatasetSummarySchema) },
  /** Features are described from the cache of the dataset's settings, or of `features` over them. */
  'datasets.inspect': {
    params: z
      .object({ id: z.string().min(1), features: ViewFeatureSettingsSchema.optional() })
      .strict(),
    result: DatasetInspectionSchema,
  },
  /** Runs off the main thread; progress arrives as `dataset.progress` events. */
  'datasets.import': { params: DatasetImportSchema, result: ImportReportSchema },
  'datasets.remove': { params: DatasetId, result: z.object({ removed: z.literal(true) }) },
  'datasets.samples': {
    params: z
      .object({
        id: z.string().min(1),
        split: SplitSchema.optional(),
        label: z.number().int().nonnegative().optional(),
        offset: z.number().int().nonnegative().default(0),
        limit: z.number().int().min(1).max(500).default(60),
      })
      .strict(),
    result: z.object({ total: z.number().int(), items: z.array(SampleListItemSchema) }),
  },
  'datasets.sample': {
    params: z.object({ id: z.string().min(1), index: z.number().int().nonnegative() }).strict(),
    result: SampleViewSchema,
  },
  /**
   * Card pictures for up to 100 samples, from the feature cache (cheap: no decoding); without a
   * cache, the image decoded from its source and no strip. Clients cache them per sample.
   */
  'datasets.thumbnails': {
    params: z
      .object({
        id: z.string().min(1),
        indices: z.array(z.number().int().nonnegative()).min(1).max(100),
      })
      .strict(),
    result: z.object({ items: z.array(SampleThumbnailSchema) }),
  },
  /** The full clip's log-mel with the span the model sees (at most the first 30 s are drawn). */
  'datasets.clip': {
    params: z.object({ id: z.string().min(1), index: z.number().int().nonnegative() }).strict(),
    result: ClipSpectrogramSchema,
  },
  'datasets.preview': {
    params: z
      .object({
        id: z.string().min(1),
        index: z.number().int().nonnegative(),
        case: CaseSchema,
        corruption: PreviewCorruptionSchema.optional(),
        seed: z.number().int().nonnegative().default(0),
        /** Computed (and cached) on a miss, as for the dataset's own settings. */
        features: ViewFeatureSettingsSchema.optional(),
        renderSpectrogram: z.boolean().default(false),
      })
      .strict(),
    result: SamplePreviewSchema,
  },
};
