import { CASES, type Case } from '../domain/cases';
import type { EvaluationRecord, RunRecord } from '../domain/records';
import { columnRank, tableColumnOf } from './results-table';

/** A results-table cell's per-class average precision, averaged over its seeds (multi-label). */
export interface PerClassAp {
  column: string;
  label: string;
  case: Case;
  missingRate: number;
  /** Seeds (evaluations) averaged. */
  n: number;
  /** Mean AP of each class over the seeds where it had positives; null where it never did. */
  ap: (number | null)[];
}

/**
 * What a multi-label experiment shows instead of confusion matrices: per results-table cell (the
 * same evaluations as the table) and class, the mean AP over seeds.
 */
export function buildPerClassAp(
  runs: readonly RunRecord[],
  evaluations: readonly EvaluationRecord[],
): PerClassAp[] {
  const runById = new Map(runs.map((r) => [r.id, r]));
  const cells = new Map<string, PerClassAp & { sums: number[]; counts: number[] }>();
  for (const e of evaluations) {
    const run = runById.get(e.runId);
    const column = run && tableColumnOf(run, e);
    if (!column || !e.multiLabel) continue;
    const key = `${e.case}|${e.missingRate}|${column.key}`;
    const perClass = e.multiLabel.perClassAp;
    const cell = cells.get(key) ?? {
      column: column.key,
      label: column.label,
      case: e.case,
      missingRate: e.missingRate,
      n: 0,
      ap: [],
      sums: perClass.map(() => 0),
      counts: perClass.map(() => 0),
    };
    perClass.forEach((ap, c) => {
      if (ap === null) return;
      cell.sums[c] = (cell.sums[c] ?? 0) + ap;
      cell.counts[c] = (cell.counts[c] ?? 0) + 1;
    });
    cell.n += 1;
    cells.set(key, cell);
  }
  return [...cells.values()]
    .map(({ sums, counts, ...cell }) => ({
      ...cell,
      ap: sums.map((s, c) => (counts[c] ? s / counts[c]! : null)),
    }))
    .sort(
      (a, b) =>
        CASES.indexOf(a.case) - CASES.indexOf(b.case) ||
        a.missingRate - b.missingRate ||
        columnRank(a.column) - columnRank(b.column),
    );
}
