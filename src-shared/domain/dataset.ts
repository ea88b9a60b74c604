import { z } from 'zod';

export const SPLITS = ['train', 'val', 'test'] as const;
export const SplitSchema = z.enum(SPLITS);
export type Split = z.infer<typeof SplitSchema>;

export const IMPORTER_KINDS = ['demo', 'manifest', 'folders', 'avmnist', 'video'] as const;
export const ImporterKindSchema = z.enum(IMPORTER_KINDS);
export type ImporterKind = z.infer<typeof ImporterKindSchema>;

/**
 * How cached features are normalised: `dataset` (the default) by the train split's statistics;
 * `cav-mae` by the constants the released CAV-MAE weights expect (CAV_MAE_NORMALISATION).
 */
export const NORMALISATIONS = ['dataset', 'cav-mae'] as const;
export const NormalisationSchema = z.enum(NORMALISATIONS);

/** CAV-MAE's preprocessing: (log-mel − (−5.081)) / 4.4849, ImageNet mean/std on RGB in [0, 1]. */
export const CAV_MAE_NORMALISATION = {
  audioMean: -5.081,
  audioStd: 4.4849,
  imageMean: [0.485, 0.456, 0.406] as [number, number, number],
  imageStd: [0.229, 0.224, 0.225] as [number, number, number],
};

/**
 * How images become the model's size×size input: `stretch` (the default; area average when
 * shrinking, bilinear when enlarging, aspect ratio not kept) or `bicubic-crop` (CAV-MAE's
 * preprocessing: shorter side to the size with PIL's bicubic, then the centre square).
 */
export const IMAGE_RESIZES = ['stretch', 'bicubic-crop'] as const;
export const ImageResizeSchema = z.enum(IMAGE_RESIZES);
export type ImageResize = z.infer<typeof ImageResizeSchema>;

/** Settings that fix the cached features of a dataset; their hash keys the cache. */
export const FeatureSettingsSchema = z.object({
  sampleRate: z.number().int().positive(),
  /** Clip length after pad/crop, in filterbank frames (10 ms each). */
  audioFrames: z.number().int().positive(),
  melBins: z.number().int().positive(),
  imageSize: z.number().int().positive(),
  storage: z.enum(['float32', 'float16']),
  /** Absent = `dataset` (so the settings, and cache keys, of earlier datasets are unchanged). */
  normalisation: z.literal('cav-mae').optional(),
  /** Absent = `stretch`, for the same reason. */
  imageResize: z.literal('bicubic-crop').optional(),
});
export type FeatureSettings = z.infer<typeof FeatureSettingsSchema>;

/**
 * Feature settings asked for at import: any field left out takes its default, and
 * `audioFrames: 'auto'` means "enough frames for the longest clip" (resolved at import).
 */
export const FeatureSettingsRequestSchema = z
  .object({
    sampleRate: z.number().int().positive(),
    audioFrames: z.union([z.number().int().positive(), z.literal('auto')]),
    melBins: z.number().int().positive(),
    imageSize: z.number().int().positive(),
    storage: z.enum(['float32', 'float16']),
    normalisation: NormalisationSchema,
    imageResize: ImageResizeSchema,
  })
  .partial()
  .strict();
export type FeatureSettingsRequest = z.infer<typeof FeatureSettingsRequestSchema>;

/** How `audioFrames: 'auto'` was resolved, for the import report. */
export const AutoAudioFramesSchema = z.object({
  /** The sample with the longest clip, and that clip's length. */
  longestSampleId: z.string(),
  longestClipSeconds: z.number().nonnegative(),
  frameShiftMs: z.number().positive(),
  frames: z.number().int().positive(),
});
export type AutoAudioFrames = z.infer<typeof AutoAudioFramesSchema>;

/**
 * What a dataset's labels mean: `single-label` (one class per sample; softmax + cross-entropy,
 * accuracy and macro-F1) or `multi-label` (any number of classes per sample, as AudioSet;
 * sigmoid + binary cross-entropy, mAP and macro ROC-AUC).
 */
export const TASKS = ['single-label', 'multi-label'] as const;
export const TaskSchema = z.enum(TASKS);
export type Task = z.infer<typeof TaskSchema>;

export const DatasetSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: ImporterKindSchema,
  /** Absent in datasets imported before multi-label tasks existed: single-label. */
  task: TaskSchema.optional(),
  classes: z.array(z.string()),
  counts: z.record(SplitSchema, z.number().int().nonnegative()),
  createdAt: z.string(),
});
export type DatasetSummary = z.infer<typeof DatasetSummarySchema>;

export const RejectedFileSchema = z.object({ file: z.string(), reason: z.string() });
export type RejectedFile = z.infer<typeof RejectedFileSchema>;

/** Feature settings used when none are given: 16 kHz, 128 mel bins, 1.28 s, 64×64 images. */
export const DEFAULT_FEATURE_SETTINGS: FeatureSettings = {
  sampleRate: 16000,
  audioFrames: 128,
  melBins: 128,
  imageSize: 64,
  storage: 'float32',
};

/**
 * Named feature settings for a backbone's expected input. `cav-mae`: what the released CAV-MAE
 * weights were trained on (16 kHz Kaldi fbank, 128 mel bins, 1024 frames = 10.24 s, its
 * normalisation constants; images bicubic to 224 and centre-cropped, ImageNet mean/std).
 */
export const FEATURE_PRESETS = {
  'cav-mae': {
    sampleRate: 16000,
    audioFrames: 1024,
    melBins: 128,
    imageSize: 224,
    normalisation: 'cav-mae',
    imageResize: 'bicubic-crop',
  },
} as const satisfies Record<string, FeatureSettingsRequest>;
export type FeaturePreset = keyof typeof FEATURE_PRESETS;
export const FEATURE_PRESET_NAMES = Object.keys(FEATURE_PRESETS) as FeaturePreset[];

/** Where a sample's audio comes from: a file on disk, or the built-in generator. */
export const AudioRefSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('file'),
    path: z.string(),
    /** Size at import time, to notice a file that changed under the dataset. */
    bytes: z.number().int().nonnegative(),
  }),
  z.object({
    kind: z.literal('generated'),
    generator: z.string(),
    seed: z.number().int(),
    /**
     * The class whose pattern is drawn when it is not the sample's `label` (the multi-label demo
     * pairs one class's sound with another's picture).
     */
    pattern: z.number().int().nonnegative().optional(),
  }),
]);
export type AudioRef = z.infer<typeof AudioRefSchema>;

export const ImageRefSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('file'), path: z.string(), bytes: z.number().int().nonnegative() }),
  /** Image `index` of an IDX image file (MNIST's format). */
  z.object({ kind: z.literal('idx'), path: z.string(), index: z.number().int().nonnegative() }),
  z.object({
    kind: z.literal('generated'),
    generator: z.string(),
    seed: z.number().int(),
    /** As AudioRef's: the class whose picture is drawn, when not the sample's label. */
    pattern: z.number().int().nonnegative().optional(),
  }),
  /**
   * The `k` frames extracted from a video clip, in time order (evenly spread over the clip),
   * with each file's size at import. Training draws one at random; everything else uses the
   * middle one (`middleFrame`).
   */
  z.object({
    kind: z.literal('frames'),
    paths: z.array(z.string()).min(1),
    bytes: z.array(z.number().int().nonnegative()).min(1),
  }),
]);
export type ImageRef = z.infer<typeof ImageRefSchema>;

/** The frame evaluation, previews and the browser use: the middle one (CAV-MAE's choice). */
export function middleFrame(frames: number): number {
  return Math.floor(frames / 2);
}

export const DatasetSampleSchema = z.object({
  id: z.string().min(1),
  /** Index into the dataset's classes (in a multi-label dataset, the first of `labels`). */
  label: z.number().int().nonnegative(),
  /** Multi-label datasets only: every class of the sample, ascending, without repeats. */
  labels: z.array(z.number().int().nonnegative()).min(1).optional(),
  split: SplitSchema,
  audio: AudioRefSchema,
  image: ImageRefSchema,
  durationSeconds: z.number().nonnegative(),
  /** Who recorded the clip, when the source says (FSDD). */
  speaker: z.string().optional(),
  /**
   * A video clip without an audio track, kept (`missingAudio: 'silent'`) with a silent track of
   * the clip's length in its place.
   */
  audioMissing: z.literal(true).optional(),
});
export type DatasetSample = z.infer<typeof DatasetSampleSchema>;

export const SplitCountsSchema = z.object({
  train: z.number().int().nonnegative(),
  val: z.number().int().nonnegative(),
  test: z.number().int().nonnegative(),
});
export type SplitCounts = z.infer<typeof SplitCountsSchema>;

/**
 * How an import kept its splits apart: rows sharing an audio or image source form one group
 * (connected components), and whole groups were assigned to train/val/test.
 */
export const SourceGroupingSchema = z.object({
  groups: z.number().int().nonnegative(),
  /** Rows in the largest group. */
  largestGroup: z.number().int().nonnegative(),
  /** Rows that share a source with at least one other row. */
  rowsSharingSource: z.number().int().nonnegative(),
  /** Always true in a stored dataset: an import that would break it is refused. */
  disjointSplits: z.literal(true),
});
export type SourceGrouping = z.infer<typeof SourceGroupingSchema>;

/** What the video importer did with the clips: extraction, reuse, and what was odd about them. */
export const VideoImportSummarySchema = z.object({
  format: z.enum(['vggsound', 'audioset', 'manifest']),
  /** Frames extracted per clip. */
  frames: z.number().int().positive(),
  /** Clips the CSV named and found on disk (accepted or not). */
  clips: z.number().int().nonnegative(),
  /** Extracted by this import, and reused from an earlier interrupted one. */
  extracted: z.number().int().nonnegative(),
  reused: z.number().int().nonnegative(),
  jobs: z.number().int().positive(),
  extractSeconds: z.number().nonnegative(),
  /** Sample ids of clips without an audio track that were kept with silent audio. */
  noAudioTrack: z.array(z.string()),
  /** Sample ids of clips whose audio track is silent (peak below −80 dBFS); kept. */
  silent: z.array(z.string()),
  /** ffmpeg and ffprobe as run, with where they were found. */
  tools: z.object({ ffmpeg: z.string(), ffprobe: z.string(), source: z.string() }),
  /**
   * How the splits were kept apart: clips of one YouTube id (a manifest: one video file) are one
   * group, and no group is in two splits.
   */
  grouping: z
    .object({
      by: z.enum(['youtube-id', 'file']),
      groups: z.number().int().nonnegative(),
      largestGroup: z.number().int().nonnegative(),
      clipsSharingGroup: z.number().int().nonnegative(),
    })
    .optional(),
});
export type VideoImportSummary = z.infer<typeof VideoImportSummarySchema>;

/** What an import did: counts per split and class, and every file it left out with the reason. */
export const ImportReportSchema = z.object({
  datasetId: z.string(),
  name: z.string(),
  kind: ImporterKindSchema,
  counts: SplitCountsSchema,
  /**
   * split → class name → samples: the label distribution. In a multi-label dataset every label
   * of a sample counts, so a split's classes add up to more than its samples.
   */
  classCounts: z.record(SplitSchema, z.record(z.string(), z.number().int().nonnegative())),
  /** Absent = single-label. */
  task: TaskSchema.optional(),
  /** Video imports only. */
  video: VideoImportSummarySchema.optional(),
  rejected: z.array(RejectedFileSchema),
  /** Importer options as given (paths, seed, split rule…), for provenance. */
  options: z.record(z.string(), z.unknown()),
  importSeconds: z.number().nonnegative(),
  /** The dataset's feature settings, fixed at import (absent in older datasets). */
  featureSettings: FeatureSettingsSchema.optional(),
  /** Present when the import asked for `audioFrames: 'auto'`. */
  audioFramesAuto: AutoAudioFramesSchema.optional(),
  /** Grouping by source file (absent in datasets imported before it was recorded). */
  grouping: SourceGroupingSchema.optional(),
  /** The feature cache built during the import, if any. */
  features: z
    .object({ settingsHash: z.string(), settings: FeatureSettingsSchema, seconds: z.number() })
    .optional(),
});
export type ImportReport = z.infer<typeof ImportReportSchema>;

/** `datasets/<id>/dataset.json`: a dataset describes itself on disk. */
export const DatasetRecordSchema = z.object({
  formatVersion: z.literal(1),
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  name: z.string().min(1),
  kind: ImporterKindSchema,
  createdAt: z.string(),
  /** Absent = single-label (every dataset imported before multi-label tasks existed). */
  task: TaskSchema.optional(),
  classes: z.array(z.string()).min(1),
  splits: SplitCountsSchema,
  samples: z.array(DatasetSampleSchema),
  /**
   * The feature settings every consumer (training, evaluation, preview, attention) uses,
   * fixed at import. Older datasets lack it: then the cache built at import, else the defaults.
   */
  features: FeatureSettingsSchema.optional(),
  report: ImportReportSchema,
});
export type DatasetRecord = z.infer<typeof DatasetRecordSchema>;

/**
 * Size limits of one import (defaults in src-main/data/source-limits.ts): files and images
 * above them are rejected before decoding, which bounds an import's memory.
 */
export const ImportLimitsRequestSchema = z
  .object({
    /** Largest audio, image, manifest or IDX file read, in MiB. */
    maxFileMB: z.number().positive().max(4096),
    /** Largest image, in millions of pixels (width × height). */
    maxImageMegapixels: z.number().positive().max(400),
  })
  .partial();
export type ImportLimitsRequest = z.infer<typeof ImportLimitsRequestSchema>;

/** Options of each importer; `name` and `seed` are common to all. */
const CommonImportOptions = {
  name: z.string().min(1).optional(),
  seed: z.number().int().optional(),
  /** Share of train carved out as validation when the source has no validation split. */
  valFraction: z.number().min(0).max(0.5).optional(),
  /** The dataset's feature settings (defaults for what is left out). */
  features: FeatureSettingsRequestSchema.optional(),
  limits: ImportLimitsRequestSchema.optional(),
};
export const DemoImportOptionsSchema = z.object({
  ...CommonImportOptions,
  samplesPerClass: z.number().int().min(3).max(1000).optional(),
  /**
   * A multi-label variant: half the samples pair one class's sound with another class's picture
   * and carry both labels (the rest one), so multi-label training can be tried without files.
   */
  multiLabel: z.boolean().optional(),
});
export const ManifestImportOptionsSchema = z.object({
  ...CommonImportOptions,
  file: z.string().min(1),
  /** Allowed labels, in class order; rows with other labels are rejected. Default: all seen. */
  classes: z.array(z.string().min(1)).optional(),
  /** With a `fold` column: which fold is the test split (default: the highest). */
  testFold: z.number().int().optional(),
  /** Without a split/fold column: share of samples held out as test. */
  testFraction: z.number().min(0).max(0.5).optional(),
});
export const FoldersImportOptionsSchema = z.object({
  ...CommonImportOptions,
  root: z.string().min(1),
  testFraction: z.number().min(0).max(0.5).optional(),
});
export const AvmnistImportOptionsSchema = z.object({
  ...CommonImportOptions,
  /** FSDD folder (or its `recordings/` subfolder). */
  fsdd: z.string().min(1),
  /** Folder with the four MNIST IDX files (gzipped or not). */
  mnist: z.string().min(1),
  split: z.enum(['speaker', 'official']).optional(),
  pairsPerClip: z.number().int().min(1).max(50).optional(),
});
/** The label CSV layouts the video importer reads (see src-main/data/importers/video-labels.ts). */
export const VIDEO_LABEL_FORMATS = ['vggsound', 'audioset', 'manifest'] as const;
export const VideoImportOptionsSchema = z
  .object({
    ...CommonImportOptions,
    /** The label CSV: VGGSound rows, an AudioSet segments file, or a `video,label[,split]` manifest. */
    csv: z.string().min(1),
    /** The folder holding the clips (searched two levels deep by file name). */
    videos: z.string().min(1),
    format: z.enum(VIDEO_LABEL_FORMATS),
    /** AudioSet's `class_labels_indices.csv` (index,mid,display_name): needed for `audioset`. */
    labels: z.string().min(1).optional(),
    /** Frames extracted per clip, evenly spread (CAV-MAE uses 10). */
    frames: z.number().int().min(1).max(64).optional(),
    /** Clips extracted at once (default: every core). */
    jobs: z.number().int().min(1).max(256).optional(),
    /** A clip without an audio track: rejected (default), or kept with silent audio and flagged. */
    missingAudio: z.enum(['reject', 'silent']).optional(),
    /** Allowed labels (display names), in class order; rows with only other labels are rejected. */
    classes: z.array(z.string().min(1)).optional(),
    /** The split of every clip when the CSV has none (an AudioSet segments file is one split). */
    split: SplitSchema.optional(),
    /** Without declared splits: share of YouTube ids (or videos) held out as test. */
    testFraction: z.number().min(0).max(0.5).optional(),
  })
  .superRefine((options, ctx) => {
    if (options.format === 'audioset' && !options.labels) {
      ctx.addIssue({
        code: 'custom',
        path: ['labels'],
        message: "the audioset format needs AudioSet's class_labels_indices.csv to name its mids",
      });
    }
  });
export type DemoImportOptions = z.infer<typeof DemoImportOptionsSchema>;
export type VideoImportOptions = z.infer<typeof VideoImportOptionsSchema>;
export type ManifestImportOptions = z.infer<typeof ManifestImportOptionsSchema>;
export type FoldersImportOptions = z.infer<typeof FoldersImportOptionsSchema>;
export type AvmnistImportOptions = z.infer<typeof AvmnistImportOptionsSchema>;
export interface ImportOptionsByKind {
  demo: DemoImportOptions;
  manifest: ManifestImportOptions;
  folders: FoldersImportOptions;
  avmnist: AvmnistImportOptions;
  video: VideoImportOptions;
}
export const IMPORT_OPTION_SCHEMAS = {
  demo: DemoImportOptionsSchema,
  manifest: ManifestImportOptionsSchema,
  folders: FoldersImportOptionsSchema,
  avmnist: AvmnistImportOptionsSchema,
  video: VideoImportOptionsSchema,
} as const;

/** Progress of an import or a feature build: stage, items done, items in the stage. */
export interface DataProgress {
  stage: 'scan' | 'extract' | 'validate' | 'audio' | 'image' | 'normalise' | 'commit';
  done: number;
  total: number;
}
