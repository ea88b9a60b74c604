import type { StepProgress } from '@shared/domain/training';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useApiEvents } from '../../api/ApiProvider';

/** Step points kept per run for the live curve; older ones are thinned out, never all dropped. */
const MAX_POINTS = 2000;
/** Progress events can arrive many times a second; the page re-renders at most this often. */
export const FLUSH_MS = 500;

export interface LiveRun {
  latest: StepProgress;
  /** x = epochs done as a fraction, y = loss / accuracy of that step's batch. */
  points: { x: number; loss: number; accuracy: number }[];
}

/**
 * Follows `run.*` events: keeps the latest progress and the step series of every run in a ref,
 * and re-renders at most every FLUSH_MS, so a fast stream of progress events costs one cheap
 * render twice a second instead of a render per event. Status and epoch events refetch the
 * cached run list and that run's detail.
 */
export function useLiveRuns(): Map<number, LiveRun> {
  const live = useRef(new Map<number, LiveRun>());
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const [, setVersion] = useState(0);
  const queryClient = useQueryClient();

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  const scheduleFlush = () => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      setVersion((v) => v + 1);
    }, FLUSH_MS);
  };

  useApiEvents((event) => {
    if (event.type === 'run.progress') {
      const p = event.progress;
      const entry = live.current.get(event.runId) ?? { latest: p, points: [] };
      entry.latest = p;
      entry.points.push({
        x: p.epoch - 1 + p.step / Math.max(1, p.stepsPerEpoch),
        loss: p.loss,
        accuracy: p.accuracy,
      });
      if (entry.points.length > MAX_POINTS)
        entry.points = entry.points.filter((_, i) => i % 2 === 0);
      live.current.set(event.runId, entry);
      scheduleFlush();
    } else if (event.type === 'run.epoch' || event.type === 'run.evaluation') {
      void queryClient.invalidateQueries({ queryKey: ['runs.get', { id: event.runId }] });
    } else if (event.type === 'run.status') {
      void queryClient.invalidateQueries({ queryKey: ['runs.list'] });
      void queryClient.invalidateQueries({ queryKey: ['runs.get', { id: event.runId }] });
      if (event.status === 'done')
        void queryClient.invalidateQueries({ queryKey: ['experiments.get'] });
    }
  });
  return live.current;
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
