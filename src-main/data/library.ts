import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Case } from '@shared/domain/cases';
import {
  type DataProgress,
  type DatasetRecord,
  type DatasetSample,
  type DatasetSummary,
  type FeatureSettings,
  type FeatureSettingsRequest,
  FeatureSettingsSchema,
  IMPORT_OPTION_SCHEMAS,
  type ImporterKind,
  type ImportOptionsByKind,
  type ImportReport,
  type Split,
} from '@shared/domain/dataset';
import { explainFsError, isDiskError } from '../fs-errors';
import { type DataLayout, dataLayout } from '../home';
import type { DecodedAudio } from './audio/wav';
import { buildFeatureCache } from './cache/build-cache';
import { settingsHash } from './cache/cache-meta';
import { CachedFeatureSource } from './cache/cached-feature-source';
import { withDatasetLabels } from './cache/dataset-labels';
import { ImportRefusedError } from './data-errors';
import {
  DATASET_FILE,
  DatasetFileError,
  DatasetNotFoundError,
  listDatasetIds,
  newDatasetId,
  readDatasetRecord,
  removeDirectory,
  removeStaleTemporaries,
} from './dataset-files';
import {
  checkFeatureSettings,
  datasetFeatureSettings,
  resolveFeatureSettings,
} from './feature-settings';
import type { RasterImage } from './image/raster';
import { draftAvmnist } from './importers/avmnist';
import { draftDemo } from './importers/demo';
import type { DatasetDraft } from './importers/draft';
import { draftFolders } from './importers/folders';
import { draftManifest } from './importers/manifest';
import { describeGrouping } from './importers/source-groups';
import { draftVideo } from './importers/video';
import { type DatasetInspection, inspectDataset } from './inspect';
import { MediaMove, relocateSamples } from './media-folder';
import { type PreviewOptions, previewSample, type SamplePreview } from './preview';
import { SampleSources } from './sources';
import { findVideoTools, type VideoToolPaths } from './video/video-tools';

/** A dataset's own files (the video importer's extracted clips), inside its folder. */
export const MEDIA_DIR = 'media';

export type ProgressCallback = (progress: DataProgress) => void;

export interface RawSample {
  sample: DatasetSample;
  className: string;
  audio: DecodedAudio;
  image: RasterImage;
}

/** What an importer may use besides its options. */
interface DraftContext {
  /** Decoded samples shared between validation and the feature build. */
  sources: SampleSources;
  /** ffmpeg/ffprobe set in Settings (the video importer looks on PATH otherwise). */
  videoTools?: VideoToolPaths;
  /** Where the video importer stages the clips it extracts (resumable). */
  stagingRoot: string;
}

const DRAFTERS: {
  [K in ImporterKind]: (
    options: ImportOptionsByKind[K],
    onProgress: ProgressCallback,
    context: DraftContext,
  ) => DatasetDraft | Promise<DatasetDraft>;
} = {
  demo: draftDemo,
  manifest: (options, onProgress, { sources }) => draftManifest(options, onProgress, sources),
  folders: (options, onProgress, { sources }) => draftFolders(options, onProgress, sources),
  avmnist: (options, onProgress, { sources }) => draftAvmnist(options, onProgress, sources),
  video: (options, onProgress, { videoTools, stagingRoot }) =>
    draftVideo(options, onProgress, { tools: findVideoTools(videoTools), stagingRoot }),
};

/**
 * The datasets under a data directory: each is `datasets/<id>/dataset.json` (the source of truth)
 * plus feature caches under `features/<id>/<settingsHash>/`. Imports are built in a temporary
 * directory and renamed into place, so a failed import leaves every stored dataset as it was.
 *
 * All work is synchronous CPU/disk work: in the Electron main process call it from a worker.
 */
export class DatasetLibrary {
  readonly layout: DataLayout;
  private readonly sources = new SampleSources();

  constructor(root: string) {
    this.layout = dataLayout(root);
    removeStaleTemporaries(this.layout.datasets);
  }

  list(): DatasetSummary[] {
    const summaries: DatasetSummary[] = [];
    for (const id of listDatasetIds(this.layout.datasets)) {
      try {
        const record = this.get(id);
        summaries.push({
          id,
          name: record.name,
          kind: record.kind,
          ...(record.task ? { task: record.task } : {}),
          classes: record.classes,
          counts: record.splits,
          createdAt: record.createdAt,
        });
      } catch (error) {
        // A damaged dataset.json must not hide the others; `get` reports it in full.
        if (!(error instanceof DatasetFileError)) throw error;
      }
    }
    return summaries;
  }

  get(id: string): DatasetRecord {
    return readDatasetRecord(this.layout.datasets, id);
  }

  /**
   * Imports a dataset. Its feature settings are `options.features` (defaults for what is left
   * out; `audioFrames: 'auto'` covers the longest clip), overridden by `settings.features` when
   * that is an object; they are stored with the dataset and used by every later consumer.
   * The cache is built now unless `settings.features` is false. `settings.videoTools` are the
   * ffmpeg/ffprobe paths set in Settings (the video importer looks on PATH otherwise).
   */
  async import<K extends ImporterKind>(
    kind: K,
    options: ImportOptionsByKind[K],
    onProgress: ProgressCallback = () => {},
    settings: { features?: FeatureSettingsRequest | false; videoTools?: VideoToolPaths } = {},
  ): Promise<ImportReport> {
    const started = performance.now();
    const parsed = IMPORT_OPTION_SCHEMAS[kind].parse(options) as ImportOptionsByKind[K];
    const request: FeatureSettingsRequest = {
      ...parsed.features,
      ...(settings.features === false ? {} : settings.features),
    };
    // Refuse a bad setting before minutes of decoding; 'auto' is resolved after the draft.
    resolveFeatureSettings(
      { ...request, audioFrames: request.audioFrames === 'auto' ? 1 : request.audioFrames },
      [],
    );
    const draft = await DRAFTERS[kind](parsed, onProgress, {
      sources: this.sources,
      videoTools: settings.videoTools,
      stagingRoot: this.layout.datasets,
    });
    const refusal = refuseDraft(draft);
    if (refusal) {
      this.sources.dropCarried();
      throw refusal;
    }
    let resolved: ReturnType<typeof resolveFeatureSettings>;
    try {
      resolved = resolveFeatureSettings(request, draft.samples);
    } catch (error) {
      this.sources.dropCarried();
      throw error;
    }
    const id = newDatasetId(draft.name, this.layout.datasets);
    const tmpDir = join(this.layout.datasets, `.tmp-${id}`);
    try {
      mkdirSync(tmpDir);
    } catch (error) {
      throw explainFsError(error, tmpDir, 'create');
    }
    const finalDir = join(this.layout.datasets, id);
    const media = draft.media ? new MediaMove(draft.media, join(tmpDir, MEDIA_DIR)) : undefined;
    try {
      if (media) {
        // Features are built from the files where they are now; the record names their final place.
        media.into(draft.samples);
        draft.samples = relocateSamples(draft.samples, media.staging, media.inDataset);
      }
      const record = recordFromDraft(id, kind, draft);
      record.report.grouping = describeGrouping(draft.samples);
      record.features = resolved.settings;
      record.report.featureSettings = resolved.settings;
      if (resolved.audioFramesAuto) record.report.audioFramesAuto = resolved.audioFramesAuto;
      if (settings.features !== false) {
        const built = buildFeatureCache(
          record,
          resolved.settings,
          this.layout.features,
          this.sources,
          onProgress,
        );
        record.report.features = {
          settingsHash: built.meta.settingsHash,
          settings: resolved.settings,
          seconds: built.meta.buildSeconds,
        };
      }
      this.sources.dropCarried();
      onProgress({ stage: 'commit', done: 0, total: 1 });
      record.report.importSeconds = (performance.now() - started) / 1000;
      if (media) record.samples = relocateSamples(record.samples, tmpDir, finalDir);
      writeFileSync(join(tmpDir, DATASET_FILE), `${JSON.stringify(record, null, 1)}\n`);
      renameSync(tmpDir, finalDir);
      media?.finish();
      onProgress({ stage: 'commit', done: 1, total: 1 });
      return record.report;
    } catch (error) {
      this.sources.dropCarried();
      media?.back();
      rmSync(tmpDir, { recursive: true, force: true });
      rmSync(join(this.layout.features, id), { recursive: true, force: true });
      if (isDiskError(error))
        throw explainFsError(error, this.layout.root, 'import a dataset into');
      throw error;
    }
  }

  /** The feature settings fixed for a dataset at import: what runs, previews and inspection use. */
  featureSettings(id: string): FeatureSettings {
    return datasetFeatureSettings(this.get(id));
  }

  /** Deletes a dataset and its caches; works on a damaged dataset.json too. */
  remove(id: string): void {
    if (!listDatasetIds(this.layout.datasets).includes(id)) throw new DatasetNotFoundError(id);
    removeDirectory(join(this.layout.datasets, id));
    removeDirectory(join(this.layout.features, id));
  }

  /** Whether features are already cached (no work done); by default the dataset's settings. */
  hasFeatures(id: string, settings?: FeatureSettings): boolean {
    const record = this.get(id);
    const dir = this.featureDir(id, settings ?? datasetFeatureSettings(record));
    const source = CachedFeatureSource.open(dir, record.classes);
    source?.close();
    return source !== undefined;
  }

  /**
   * Opens the cached features, computing them first on a miss. Close the source when done.
   * Without `settings`, the dataset's own (fixed at import): what a run must see.
   */
  features(
    id: string,
    settings?: FeatureSettings,
    onProgress: ProgressCallback = () => {},
  ): CachedFeatureSource {
    const record = this.get(id);
    const checked = checkFeatureSettings(
      FeatureSettingsSchema.parse(settings ?? datasetFeatureSettings(record)),
    );
    const dir = this.featureDir(id, checked);
    const cached = CachedFeatureSource.open(dir, record.classes);
    if (cached) return withDatasetLabels(cached, record);
    removeStaleTemporaries(join(this.layout.features, id));
    // A damaged cache (short file, old pipeline) is moved aside, or the rename would keep it.
    removeDirectory(dir);
    try {
      buildFeatureCache(record, checked, this.layout.features, this.sources, onProgress);
    } catch (error) {
      if (isDiskError(error)) throw explainFsError(error, dir, 'write the feature cache');
      throw error;
    }
    const built = CachedFeatureSource.open(dir, record.classes);
    if (!built) throw new Error(`feature cache ${dir} was built but cannot be opened`);
    return withDatasetLabels(built, record);
  }

  /**
   * The cache of the dataset's own settings if it is built, else undefined (nothing is computed:
   * for views that must stay cheap). Close the source when done.
   */
  cachedFeatures(id: string): CachedFeatureSource | undefined {
    const record = this.get(id);
    return CachedFeatureSource.open(
      this.featureDir(id, datasetFeatureSettings(record)),
      record.classes,
    );
  }

  /** Only the sample's image, decoded (no audio): what a thumbnail without a cache needs. */
  sampleImage(id: string, index: number): RasterImage {
    const sample = this.get(id).samples[index];
    if (!sample) throw new RangeError(`dataset '${id}' has no sample ${index}`);
    return this.sources.image(sample.image, sample.label);
  }

  /** The decoded sample as stored: PCM at its own rate, pixels at their own size. */
  sample(id: string, index: number): RawSample {
    const record = this.get(id);
    const sample = record.samples[index];
    if (!sample)
      throw new RangeError(
        `dataset '${id}' has no sample ${index} (0..${record.samples.length - 1})`,
      );
    return {
      sample,
      className: record.classes[sample.label]!,
      audio: this.sources.audio(sample.audio, sample.label),
      image: this.sources.image(sample.image, sample.label),
    };
  }

  /** The sample's normalised features as the model sees them under a case (with corruption). */
  async preview(
    id: string,
    index: number,
    testCase: Case,
    options: PreviewOptions & { settings?: FeatureSettings; onProgress?: ProgressCallback } = {},
  ): Promise<SamplePreview> {
    const source = this.features(id, options.settings, options.onProgress);
    try {
      return await previewSample(source, index, testCase, options);
    } finally {
      source.close();
    }
  }

  /** Inspection with the cache of the dataset's own settings, or of `settings` when given. */
  inspect(id: string, settings?: FeatureSettings): DatasetInspection {
    const record = this.get(id);
    const dir = this.featureDir(id, settings ?? datasetFeatureSettings(record));
    const source = CachedFeatureSource.open(dir, record.classes);
    try {
      return inspectDataset(record, source?.meta);
    } finally {
      source?.close();
    }
  }

  private featureDir(id: string, settings: FeatureSettings): string {
    return join(this.layout.features, id, settingsHash(settings));
  }
}

/** A draft no run could learn from: nothing accepted, or a single class. */
function refuseDraft(draft: DatasetDraft): ImportRefusedError | undefined {
  const reasons = draft.rejected.slice(0, 3).map((r) => `${r.file}: ${r.reason}`);
  const rejectedNote = draft.rejected.length
    ? ` (${draft.rejected.length} rejected, e.g. ${reasons.join('; ')})`
    : '';
  if (draft.samples.length === 0) {
    return new ImportRefusedError(
      `nothing to import: every sample was rejected (${reasons.join('; ')})`,
    );
  }
  const labels = new Set(draft.samples.map((s) => s.label));
  if (labels.size < 2) {
    const name = draft.classes[draft.samples[0]!.label];
    return new ImportRefusedError(
      `only one class ('${name}') among the ${draft.samples.length} accepted samples: a classifier` +
        ` needs at least two${rejectedNote}`,
    );
  }
  return undefined;
}

function recordFromDraft(id: string, kind: ImporterKind, draft: DatasetDraft): DatasetRecord {
  const counts = { train: 0, val: 0, test: 0 };
  const classCounts: Record<Split, Record<string, number>> = { train: {}, val: {}, test: {} };
  for (const split of ['train', 'val', 'test'] as const) {
    for (const name of draft.classes) classCounts[split][name] = 0;
  }
  for (const sample of draft.samples) {
    counts[sample.split]++;
    // The label distribution: in a multi-label dataset every label of a sample counts.
    for (const label of sample.labels ?? [sample.label]) {
      const name = draft.classes[label]!;
      classCounts[sample.split][name] = (classCounts[sample.split][name] ?? 0) + 1;
    }
  }
  return {
    formatVersion: 1,
    id,
    name: draft.name,
    kind,
    createdAt: new Date().toISOString(),
    ...(draft.task ? { task: draft.task } : {}),
    classes: draft.classes,
    splits: counts,
    samples: draft.samples,
    report: {
      datasetId: id,
      name: draft.name,
      kind,
      counts,
      classCounts,
      ...(draft.task ? { task: draft.task } : {}),
      ...(draft.video ? { video: draft.video } : {}),
      rejected: draft.rejected,
      options: draft.options,
      importSeconds: 0,
    },
  };
}
