import type { EvaluationRecord, RunRecord } from '../domain/records';

/**
 * Whether an evaluation belongs in a results table: on the test split (validation selects, it is
 * never reported as a result) and part of the protocol, not one a person asked for ad hoc.
 * Older stores have neither column: their evaluations are all test-set, protocol ones.
 */
export function countsInTables(e: EvaluationRecord): boolean {
  const marked = e as EvaluationRecord & { split?: string; adHoc?: boolean | number };
  return (marked.split ?? 'test') === 'test' && !marked.adHoc;
}

/** The split an evaluation was made on; evaluations from before splits were recorded are test. */
export function splitOf(e: EvaluationRecord): 'test' | 'val' {
  return (e as EvaluationRecord & { split?: string }).split === 'val' ? 'val' : 'test';
}

/** Ad hoc evaluations (asked for by a person) never count in a report. */
export function isAdHoc(e: EvaluationRecord): boolean {
  return Boolean((e as EvaluationRecord & { adHoc?: boolean | number }).adHoc);
}

/** Runs of a learning-rate grid that validation did not select are stored but never reported. */
export function runCountsInTables(run: RunRecord): boolean {
  return (run as RunRecord & { selection?: string | null }).selection !== 'not-selected';
}
