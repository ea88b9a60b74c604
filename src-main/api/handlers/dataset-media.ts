import type { ClipSpectrogram } from '@shared/api/methods/datasets';
import { DatasetLibrary } from '../../data/library';
import { cachedThumbnails, decodedThumbnail } from '../../data/thumbnails';
import { notFound } from '../../errors';
import type { AppContext } from '../context';
import type { HandlerGroup } from '../handler-types';
import { datasetReadError } from './datasets';

type DatasetMediaMethods = 'datasets.thumbnails' | 'datasets.clip';

/**
 * Pictures for the dataset browser. Thumbnails are a few positioned reads of the cache and small
 * PNGs, quick enough for the main side; a whole clip's decode, resampling and filterbank (seconds
 * of audio) runs in the data worker.
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
      return ctx.data.request<ClipSpectrogram>({ op: 'clip', id, index });
    },
  };
}
