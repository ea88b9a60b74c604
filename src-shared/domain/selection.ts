import { z } from 'zod';

/**
 * Which weights of a run are evaluated (and adapted from, for a backbone): the epoch best on
 * validation, or the last epoch. Validation selects; test data never does.
 */
export const CHECKPOINT_CHOICES = ['best-val', 'last'] as const;
export const CheckpointChoiceSchema = z.enum(CHECKPOINT_CHOICES);
export type CheckpointChoice = z.infer<typeof CheckpointChoiceSchema>;

/** What selection reads of an epoch. */
export interface EpochScore {
  epoch: number;
  valAccuracy: number | null;
  /** Multi-label runs: validation mAP, which then scores the epoch instead of accuracy. */
  valMap?: number | null;
  valLoss: number | null;
}

/** The validation figure selection maximises: mAP for multi-label runs, else accuracy. */
export function validationValue(e: EpochScore): number | null {
  return e.valMap !== undefined && e.valMap !== null ? e.valMap : e.valAccuracy;
}

/**
 * The epoch a checkpoint choice picks: for best-val the highest validation accuracy (mAP for a
 * multi-label run, validationValue), ties to the
 * lower validation loss, then to the earlier epoch; the last epoch when nothing was validated
 * (an empty validation split) or for `last`. Null for an empty history.
 */
export function selectedEpoch(
  history: readonly EpochScore[],
  choice: CheckpointChoice,
): number | null {
  if (history.length === 0) return null;
  const last = history.reduce((a, b) => (b.epoch > a.epoch ? b : a));
  if (choice === 'last') return last.epoch;
  let best: EpochScore | null = null;
  for (const e of history) {
    if (validationValue(e) === null) continue;
    if (best === null || isBetter(e, best)) best = e;
  }
  return (best ?? last).epoch;
}

function isBetter(a: EpochScore, b: EpochScore): boolean {
  const va = validationValue(a)!;
  const vb = validationValue(b)!;
  if (va !== vb) return va > vb;
  const lossA = a.valLoss ?? Infinity;
  const lossB = b.valLoss ?? Infinity;
  if (lossA !== lossB) return lossA < lossB;
  return a.epoch < b.epoch;
}

/** The validation score of a run at the epoch its checkpoint choice picks, for a learning-rate grid. */
export function validationScore(
  history: readonly EpochScore[],
  choice: CheckpointChoice,
): EpochScore | null {
  const epoch = selectedEpoch(history, choice);
  return history.find((e) => e.epoch === epoch) ?? null;
}

/**
 * Index of the grid point best on validation (same order of comparison as selectedEpoch; ties
 * go to the earlier grid point). Points without a validation accuracy never win over one with.
 */
export function bestGridPoint(scores: readonly (EpochScore | null)[]): number {
  let best = 0;
  for (let i = 1; i < scores.length; i++) {
    const a = scores[i];
    const b = scores[best];
    const va = a ? validationValue(a) : null;
    const vb = b ? validationValue(b) : null;
    if (!a || va === null) continue;
    if (!b || vb === null) {
      best = i;
      continue;
    }
    if (va !== vb) {
      if (va > vb) best = i;
      continue;
    }
    if ((a.valLoss ?? Infinity) < (b.valLoss ?? Infinity)) best = i;
  }
  return best;
}
