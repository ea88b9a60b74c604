import { ApiError } from '@shared/api/envelope';
import type { DatasetImport, SamplePreviewResult } from '@shared/api/methods/datasets';
import type { ImportReport } from '@shared/domain/dataset';
import {
  FEATURE_OPTION_FLAGS,
  FeatureSettingsError,
  resolveFeatureSettings,
} from '../../data/feature-settings';
import { encodePng, pngDataUrl } from '../../data/image/encode-png';
import { importPathIssues } from '../../data/import-paths';
import { DatasetLibrary } from '../../data/library';
import { conflict, invalid, notFound } from '../../errors';
import type { AppContext } from '../context';
import type { HandlerGroup } from '../handler-types';
import { wavDataUrl } from './sample-media';

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
  const record = (id: string) => {
    if (!library.list().some((d) => d.id === id)) throw notFound(`Dataset "${id}"`);
    return library.get(id);
  };
  const emitProgress = (p: { stage: string; done: number; total: number }) =>
    ctx.events.emit({ type: 'dataset.progress', stage: p.stage, done: p.done, total: p.total });

  return {
    'datasets.list': () => library.list(),

    'datasets.inspect': ({ id }) => {
      record(id);
      return library.inspect(id);
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
        { op: 'import', kind: request.kind, options: request.options ?? {} },
        emitProgress,
      );
      ctx.events.emit({ type: 'datasets.changed' });
      return report;
    },

    'datasets.remove': ({ id }) => {
      record(id);
      const active = ctx.store.runs.activeOnDataset(id);
      if (active.length) {
        throw conflict(
          `Dataset "${id}" is used by ${active.length} unfinished run(s): ${active.map((r) => `run ${r.id} (${r.status})`).join(', ')}. Cancel them, or wait until they finish, then remove it.`,
        );
      }
      library.remove(id);
      ctx.events.emit({ type: 'datasets.changed' });
      return { removed: true as const };
    },

    'datasets.samples': ({ id, split, label, offset, limit }) => {
      const r = record(id);
      const all = r.samples
        .map((s, index) => ({
          index,
          id: s.id,
          label: s.label,
          className: r.classes[s.label]!,
          split: s.split,
        }))
        .filter(
          (s) =>
            (split === undefined || s.split === split) &&
            (label === undefined || s.label === label),
        );
      return { total: all.length, items: all.slice(offset, offset + limit) };
    },

    'datasets.sample': ({ id, index }) => {
      const r = record(id);
      if (index >= r.samples.length) throw notFound(`Sample ${index} of dataset "${id}"`);
      const raw = library.sample(id, index);
      return {
        index,
        id: raw.sample.id,
        label: raw.sample.label,
        className: raw.className,
        split: raw.sample.split,
        audioWav: wavDataUrl(raw.audio),
        sampleRate: raw.audio.sampleRate,
        durationSeconds: raw.audio.samples.length / raw.audio.sampleRate,
        imagePng: pngDataUrl(encodePng(raw.image)),
        imageWidth: raw.image.width,
        imageHeight: raw.image.height,
      };
    },

    'datasets.preview': async ({ id, index, case: testCase, corruption, seed }) => {
      const r = record(id);
      if (index >= r.samples.length) throw notFound(`Sample ${index} of dataset "${id}"`);
      return ctx.data.request<SamplePreviewResult>(
        { op: 'preview', id, index, case: testCase, corruption, seed },
        emitProgress,
      );
    },
  };
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
    if (!(error instanceof FeatureSettingsError)) throw error;
    throw invalid(
      `params.options.features.${error.option}`,
      `${error.message.replace(/^feature setting \S+ \(\S+\): /, '')} (${FEATURE_OPTION_FLAGS[error.option]} on the command line)`,
    );
  }
}
