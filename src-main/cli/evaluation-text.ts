import type { Evaluation } from '@shared/domain/training';

const fixed3 = (x: number | null) => (x === null ? '—' : x.toFixed(3));

/**
 * An evaluation's figures in words: accuracy and macro-F1 for a single-label task; for a
 * multi-label one mAP and ROC-AUC (with the classes they skip), then the top-1 hit rate.
 */
export function evaluationFigures(e: Evaluation): string {
  const m = e.multiLabel;
  if (!m) return `accuracy ${(100 * e.accuracy).toFixed(2)} %, macro-F1 ${e.macroF1.toFixed(4)}`;
  const skipped = (n: number) => (n > 0 ? ` (${n} classes skipped)` : '');
  return (
    `mAP ${fixed3(m.map)}${skipped(m.mapSkipped)}, ROC-AUC ${fixed3(m.auc)}${skipped(m.aucSkipped)}, ` +
    `top-1 hit ${(100 * e.accuracy).toFixed(2)} %`
  );
}
