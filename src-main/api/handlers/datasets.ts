import { ApiError } from '@shared/api/envelope';
import type {
  DatasetImport,
  SamplePreviewResult,
  ViewFeatureSettings,
} from '@shared/api/methods/datasets';
import type { DatasetRecord, FeatureSettings, ImportReport } from '@shared/domain/dataset';
import {
  checkFeatureSettings,
  datasetFeatureSettings,
  FeatureSettingsError,
  resolveFeatureSettings,
  viewFeatureSettings,
} from '../../data/feature-settings';
import { encodePng, pngDataUrl } from '../../data/image/encode-png';
import { importPathIssues } from '../../data/import-paths';
import { DatasetLibrary } from '../../data/library';
import { sampleTitle } from '../../data/sample-title';
import { conflict } from '../../errors';
import type { AppContext } from '../context';
import type { HandlerGroup } from '../handler-types';
import { datasetReadError, datasetRecord, datasetWithSamples } from './dataset-reads';
import { wavDataUrl } from './sample-media';
import { videoFrames } from './video-frames';

type DatasetMethods =
  | 'datasets.list'
  | 'datasets.inspect'
  | 'datasets.import'
  | 'datasets.remove'
  | 'datasets.samples'
  | 'datasets.sample'
  | 'datasets.preview';

/**
 * Datasets live on disk (datasets/<id>/dataset.json), the only record of them. Reads of one
 * record or one sample are quick and run here; imports and feature builds run in the data worker.
 */
export function datasetHandlers(ctx: AppContext): HandlerGroup<DatasetMethods> {
  const library = new DatasetLibrary(ctx.layout.root);
  const record = (id: string) => datasetRecord(library, id);
  const emitProgress = (p: { stage: string; done: number; total: number }) =>
    ctx.events.emit({ type: 'dataset.progress', stage: p.stage, done: p.done, total: p.total });

  return {
    'datasets.list': () => library.list(),

    'datasets.inspect': ({ id, features }) => {
      const r = record(id);
      return library.inspect(id, viewSettings(r, features));
    },

    'datasets.import': async (request: DatasetImport) => {
      checkFeatureRequest(request);
      const pathIssues = importPathIssues(request.kind, request.options ?? {});
      if (pathIssues.length) {
        throw new ApiError({
          kind: 'invalid_request',
          message: pathIssues.map((i) => `params.${i.field}: ${i.message}`).join('; '),
          issues: pathIssues.map((i) => ({ field: `params.${i.field}`, message: i.message })),
        });
      }
      const report = await ctx.data.request<ImportReport>(
        {
          op: 'import',
          kind: request.kind,
          options: request.options ?? {},
          computeFeatures: request.computeFeatures ?? true,
          ...(request.kind === 'video' ? { videoTools: videoToolPaths(ctx) } : {}),
        },
        emitProgress,
      );
      ctx.events.emit({ type: 'datasets.changed' });
      return report;
    },

    'datasets.remove': ({ id }) => {
      const active = ctx.store.runs.activeOnDataset(id);
      if (active.length) {
        throw conflict(
          `Dataset "${id}" is used by ${active.length} unfinished run(s): ${active.map((r) => `run ${r.id} (${r.status})`).join(', ')}. Cancel them, or wait until they finish, then remove it.`,
        );
      }
      // Not through record(): a dataset whose dataset.json is damaged can still be removed.
      try {
        library.remove(id);
      } catch (error) {
        throw datasetReadError(error);
      }
      ctx.events.emit({ type: 'datasets.changed' });
      return { removed: true as const };
    },

    'datasets.samples': ({ id, split, label, offset, limit }) => {
      const r = record(id);
      const all = r.samples
        .map((s, index) => ({
          index,
          id: s.id,
          title: sampleTitle(s),
          label: s.label,
          className: r.classes[s.label]!,
          ...(s.labels ? { classNames: s.labels.map((l) => r.classes[l]!) } : {}),
          split: s.split,
          labels: s.labels ?? [s.label],
        }))
        .filter(
          (s) =>
            (split === undefined || s.split === split) &&
            // A multi-label sample is listed under each of its classes.
            (label === undefined || s.labels.includes(label)),
        )
        .map(({ labels: _, ...item }) => item);
      return { total: all.length, items: all.slice(offset, offset + limit) };
    },

    'datasets.sample': ({ id, index }) => {
      const r = datasetWithSamples(library, id, [index]);
      const raw = library.sample(id, index);
      return {
        index,
        id: raw.sample.id,
        title: sampleTitle(raw.sample),
        label: raw.sample.label,
        className: raw.className,
        split: raw.sample.split,
        audioWav: wavDataUrl(raw.audio),
        sampleRate: raw.audio.sampleRate,
        durationSeconds: raw.audio.samples.length / raw.audio.sampleRate,
        imagePng: pngDataUrl(encodePng(raw.image)),
        imageWidth: raw.image.width,
        imageHeight: raw.image.height,
        ...(raw.sample.labels ? { classNames: raw.sample.labels.map((l) => r.classes[l]!) } : {}),
        ...(raw.sample.image.kind === 'frames' ? { frames: videoFrames(raw.sample.image) } : {}),
        ...(raw.sample.audioMissing ? { audioMissing: true } : {}),
      };
    },

    'datasets.preview': async (params) => {
      const { id, index, case: testCase, corruption, seed, features, renderSpectrogram } = params;
      const r = datasetWithSamples(library, id, [index]);
      // Checked here, before the worker: a refusal names the view's field, not an import's.
      const settings = checkViewSettings(viewSettings(r, features));
      return ctx.data.request<SamplePreviewResult>(
        { op: 'preview', id, index, case: testCase, corruption, seed, settings, renderSpectrogram },
        emitProgress,
      );
    },
  };
}

/** The ffmpeg/ffprobe paths set in Settings, for the video importer. */
function videoToolPaths(ctx: AppContext): {
  ffmpegPath: string | null;
  ffprobePath: string | null;
} {
  const { ffmpegPath, ffprobePath } = ctx.store.settings.get();
  return { ffmpegPath, ffprobePath };
}

/**
 * Refuses feature settings that cannot be honoured here, as a request error naming the field,
 * before the data worker starts. 'auto' is resolved
 * by the import itself.
 */
function checkFeatureRequest(request: DatasetImport): void {
  const features = request.options?.features;
  if (!features) return;
  try {
    resolveFeatureSettings(
      { ...features, audioFrames: features.audioFrames === 'auto' ? 1 : features.audioFrames },
      [],
    );
  } catch (error) {
    throw refusedSetting(error, 'params.options.features');
  }
}

/** The dataset's settings with the view's over them; undefined when the view asks for none. */
function viewSettings(
  record: DatasetRecord,
  features: ViewFeatureSettings | undefined,
): FeatureSettings | undefined {
  return viewFeatureSettings(datasetFeatureSettings(record), features);
}

function checkViewSettings(settings: FeatureSettings | undefined): FeatureSettings | undefined {
  try {
    return settings && checkFeatureSettings(settings);
  } catch (error) {
    throw refusedSetting(error, 'params.features');
  }
}

/**
 * The data layer's message (it names the setting and its command-line option, as the data worker
 * reports a refusal it finds) on the request's field.
 */
function refusedSetting(error: unknown, at: string): unknown {
  if (!(error instanceof FeatureSettingsError)) return error;
  return new ApiError({
    kind: 'invalid_request',
    message: error.message,
    issues: [{ field: `${at}.${error.option}`, message: error.message }],
  });
}
