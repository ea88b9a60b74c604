import { clipLogMel } from '../../data/clip-spectrogram';
import { DatasetLibrary } from '../../data/library';
import { cachedThumbnails, decodedThumbnail } from '../../data/thumbnails';
import { notFound } from '../../errors';
import type { AppContext } from '../context';
import type { HandlerGroup } from '../handler-types';
import { datasetReadError } from './datasets';

type DatasetMediaMethods = 'datasets.thumbnails' | 'datasets.clip';

/**
 * Pictures for the dataset browser. Both are a few positioned reads (thumbnails from the cache)
 * or one clip's decode and filterbank, like datasets.sample: quick enough for the main side.
 */
export function datasetMediaHandlers(ctx: AppContext): HandlerGroup<DatasetMediaMethods> {
  const library = new DatasetLibrary(ctx.layout.root);
  const record = (id: string) => {
    try {
      return library.get(id);
    } catch (error) {
      throw datasetReadError(error);
    }
  };
  const checkIndex = (id: string, index: number, size: number) => {
    if (index >= size) throw notFound(`Sample ${index} of dataset "${id}"`);
  };

  return {
    'datasets.thumbnails': ({ id, indices }) => {
      const r = record(id);
      for (const index of indices) checkIndex(id, index, r.samples.length);
      const source = library.cachedFeatures(id);
      if (!source) {
        return { items: indices.map((i) => decodedThumbnail(i, library.sampleImage(id, i))) };
      }
      try {
        return { items: cachedThumbnails(source, indices) };
      } finally {
        source.close();
      }
    },

    'datasets.clip': ({ id, index }) => {
      const r = record(id);
      checkIndex(id, index, r.samples.length);
      const settings = library.featureSettings(id);
      const source = library.cachedFeatures(id);
      const normalisation = source?.meta.normalisation;
      source?.close();
      const raw = library.sample(id, index);
      const clip = clipLogMel(raw.audio, settings, normalisation);
      return {
        index,
        durationSeconds: raw.audio.samples.length / raw.audio.sampleRate,
        frameShiftMs: clip.frameShiftMs,
        frames: clip.frames,
        clipFrames: clip.clipFrames,
        melBins: clip.melBins,
        // Two decimals of a normalised value are finer than the colour map can show.
        values: Array.from(clip.values, (v) => Math.round(v * 100) / 100),
        normalisedBy: clip.normalisedBy,
        modelFrames: settings.audioFrames,
      };
    },
  };
}
