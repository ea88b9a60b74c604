import { CASES, type Case } from '../domain/cases';
import type { EvaluationRecord, RunRecord } from '../domain/records';
import { columnRank, tableColumnOf } from './results-table';

/** A results-table cell's confusion matrices summed over its seeds. */
export interface PooledConfusion {
  column: string;
  label: string;
  case: Case;
  missingRate: number;
  /** Seeds (evaluations) pooled. */
  n: number;
  /** matrix[true][predicted], counts summed over the seeds. */
  matrix: number[][];
  /** Per true class: correct / total of the pooled matrix (recall); null for a class with no samples. */
  perClassAccuracy: (number | null)[];
}

/**
 * One pooled confusion matrix per results-table cell (same evaluations as the table). Summing
 * counts weights every sample equally, so per-class accuracy from it is not a mean of per-seed
 * rates when seeds saw different numbers of samples of a class.
 */
export function buildPooledConfusions(
  runs: readonly RunRecord[],
  evaluations: readonly EvaluationRecord[],
): PooledConfusion[] {
  const runById = new Map(runs.map((r) => [r.id, r]));
  const pooled = new Map<string, PooledConfusion>();
  for (const e of evaluations) {
    const run = runById.get(e.runId);
    const column = run && tableColumnOf(run, e);
    if (!column || e.confusion.length === 0) continue;
    const key = `${e.case}|${e.missingRate}|${column.key}`;
    const entry = pooled.get(key) ?? {
      column: column.key,
      label: column.label,
      case: e.case,
      missingRate: e.missingRate,
      n: 0,
      matrix: e.confusion.map((row) => row.map(() => 0)),
      perClassAccuracy: [],
    };
    if (entry.matrix.length !== e.confusion.length)
      throw new Error(
        `evaluation ${e.id}: ${e.confusion.length} classes, others ${entry.matrix.length}`,
      );
    e.confusion.forEach((row, t) => {
      row.forEach((count, p) => {
        entry.matrix[t]![p]! += count;
      });
    });
    entry.n += 1;
    pooled.set(key, entry);
  }
  return [...pooled.values()]
    .map((entry) => ({
      ...entry,
      perClassAccuracy: entry.matrix.map((row, t) => {
        const total = row.reduce((a, b) => a + b, 0);
        return total === 0 ? null : row[t]! / total;
      }),
    }))
    .sort(
      (a, b) =>
        CASES.indexOf(a.case) - CASES.indexOf(b.case) ||
        a.missingRate - b.missingRate ||
        columnRank(a.column) - columnRank(b.column),
    );
}
