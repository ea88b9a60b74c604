import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useApiEvents } from '../../api/ApiProvider';
import { type LiveRun, LiveRunStore } from './live-run-store';

export type { LiveRun };

/** A run's detail (epoch table and chart) is refetched at most this often while it streams epochs. */
const EPOCH_REFETCH_MS = 2000;

/**
 * Follows `run.*` events for the page: progress goes into a LiveRunStore (no React state, so a
 * fast stream costs nothing until the store flushes), epoch and evaluation events refetch that
 * run's detail at most every EPOCH_REFETCH_MS, status changes refetch the run list at once.
 */
export function useLiveRunStore(): LiveRunStore {
  const [store] = useState(() => new LiveRunStore());
  const queryClient = useQueryClient();
  const staleDetails = useRef(new Set<number>());
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      store.dispose();
      if (timer.current) clearTimeout(timer.current);
    },
    [store],
  );
  const lastRefetch = useRef(0);
  // Throttled with a leading edge: the first epoch shows at once, later ones at most every 2 s.
  const refetchDetail = (runId: number) => {
    staleDetails.current.add(runId);
    if (timer.current) return;
    const wait = Math.max(0, lastRefetch.current + EPOCH_REFETCH_MS - Date.now());
    timer.current = setTimeout(() => {
      timer.current = null;
      lastRefetch.current = Date.now();
      for (const id of staleDetails.current)
        void queryClient.invalidateQueries({ queryKey: ['runs.get', { id }] });
      staleDetails.current.clear();
    }, wait);
  };

  useApiEvents((event) => {
    if (event.type === 'run.progress') store.record(event.runId, event.progress);
    else if (event.type === 'run.epoch' || event.type === 'run.evaluation')
      refetchDetail(event.runId);
    else if (event.type === 'run.status') {
      void queryClient.invalidateQueries({ queryKey: ['runs.list'] });
      void queryClient.invalidateQueries({ queryKey: ['runs.get', { id: event.runId }] });
      if (event.status === 'done')
        void queryClient.invalidateQueries({ queryKey: ['experiments.get'] });
    }
  });
  return store;
}

/** One run's live state; re-renders the caller only when that run's state was flushed. */
export function useLiveRun(store: LiveRunStore, runId: number): LiveRun | undefined {
  return useSyncExternalStore(store.subscribe, () => store.get(runId));
}

/** Exponential moving average; the raw series is always drawn beside it. */
export function ema(values: readonly number[], alpha = 0.2): number[] {
  const out: number[] = [];
  let previous: number | undefined;
  for (const v of values) {
    previous = previous === undefined ? v : alpha * v + (1 - alpha) * previous;
    out.push(previous);
  }
  return out;
}
