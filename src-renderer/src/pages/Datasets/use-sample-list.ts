import type { SampleListItem } from '@shared/api/methods/datasets';
import type { Split } from '@shared/domain/dataset';
import { keepPreviousData, useQueries } from '@tanstack/react-query';
import { useApi } from '../../api/ApiProvider';

/** Samples fetched per datasets.samples call (its limit is 500). */
export const LIST_CHUNK = 200;

export interface SampleFilter {
  split: Split | null;
  label: number | null;
}

/**
 * The filtered sample list in chunks: the first always, others when rows of theirs are on screen.
 * Returns the total (from any answered chunk) and a lookup that is undefined while a chunk loads.
 */
export function useSampleList(
  datasetId: string,
  filter: SampleFilter,
  visibleItems: { first: number; last: number },
) {
  const api = useApi();
  const chunks = new Set([0]);
  for (
    let c = Math.floor(visibleItems.first / LIST_CHUNK);
    c <= Math.floor(visibleItems.last / LIST_CHUNK);
    c++
  ) {
    chunks.add(c);
  }
  const ordered = [...chunks].sort((a, b) => a - b);
  const params = (chunk: number) => ({
    id: datasetId,
    split: filter.split ?? undefined,
    label: filter.label ?? undefined,
    offset: chunk * LIST_CHUNK,
    limit: LIST_CHUNK,
  });
  const results = useQueries({
    queries: ordered.map((chunk) => ({
      queryKey: ['datasets.samples', params(chunk)],
      queryFn: () => api.call('datasets.samples', params(chunk)),
      // A list does not change under a dataset: keep chunks for the session.
      staleTime: Number.POSITIVE_INFINITY,
      // Chunk 0 keeps showing the old filter's answer until the new one arrives (no flash).
      ...(chunk === 0 ? { placeholderData: keepPreviousData } : {}),
    })),
  });
  const first = results[0]!;
  const total = results.find((r) => r.data)?.data?.total;
  const item = (index: number): SampleListItem | undefined => {
    const k = ordered.indexOf(Math.floor(index / LIST_CHUNK));
    return k < 0 ? undefined : results[k]!.data?.items[index % LIST_CHUNK];
  };
  return {
    total,
    item,
    isPending: first.isPending,
    error: results.find((r) => r.error)?.error ?? null,
  };
}
