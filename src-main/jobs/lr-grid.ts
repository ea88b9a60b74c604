import { ACTIVE_STATUSES, type RunRecord } from '@shared/domain/records';
import { bestGridPoint, validationScore } from '@shared/domain/selection';
import type { Store } from '../store';

/** The runs of one learning-rate grid: same experiment, backbone, method, case, rate and seed. */
export function gridSiblings(store: Store, run: RunRecord): RunRecord[] {
  if (!run.config.lrGrid || run.experimentId === null) return [];
  return store.runs
    .listByExperiment(run.experimentId)
    .filter(
      (r) =>
        r.config.lrGrid !== undefined &&
        r.parentRunId === run.parentRunId &&
        r.method === run.method &&
        r.case === run.case &&
        r.missingRate === run.missingRate &&
        r.seed === run.seed,
    )
    .sort((a, b) => a.config.training.lr - b.config.training.lr || a.id - b.id);
}

/**
 * Once no point of a run's grid is still training (or waiting to resume), marks the point best
 * on validation — at the epoch its checkpoint choice picks — as selected and the others as not.
 * Test data plays no part. Returns the selected run, or null when nothing was decided now.
 */
export function settleGrid(store: Store, run: RunRecord): RunRecord | null {
  const siblings = gridSiblings(store, run);
  if (siblings.length === 0) return null;
  if (siblings.some((r) => r.selection !== null)) return null;
  if (siblings.some((r) => ACTIVE_STATUSES.includes(r.status) || r.status === 'interrupted'))
    return null;
  const done = siblings.filter((r) => r.status === 'done');
  if (done.length === 0) return null;
  const scores = done.map((r) => validationScore(store.results.epochs(r.id), r.config.checkpoint));
  const selected = done[bestGridPoint(scores)]!;
  store.runs.transaction(() => {
    for (const r of siblings)
      store.runs.setSelection(r.id, r.id === selected.id ? 'selected' : 'not-selected');
  });
  return store.runs.get(selected.id);
}
