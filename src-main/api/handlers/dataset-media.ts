import type { ClipSpectrogram } from '@shared/api/methods/datasets';
import { DatasetLibrary } from '../../data/library';
import { cachedThumbnails, decodedThumbnail } from '../../data/thumbnails';
import type { AppContext } from '../context';
import type { HandlerGroup } from '../handler-types';
import { datasetWithSamples } from './dataset-reads';

type DatasetMediaMethods = 'datasets.thumbnails' | 'datasets.clip';

/**
 * Pictures for the dataset browser. Thumbnails are a few positioned reads of the cache and small
 * PNGs, quick enough for the main side; a whole clip's decode, resampling and filterbank (seconds
 * of audio) runs in the data worker.
 */
export function datasetMediaHandlers(ctx: AppContext): HandlerGroup<DatasetMediaMethods> {
  const library = new DatasetLibrary(ctx.layout.root);

  return {
    'datasets.thumbnails': ({ id, indices }) => {
      datasetWithSamples(library, id, indices);
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
      datasetWithSamples(library, id, [index]);
      return ctx.data.request<ClipSpectrogram>({ op: 'clip', id, index });
    },
  };
}
