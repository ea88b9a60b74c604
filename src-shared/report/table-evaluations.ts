import type { EvaluationRecord, RunRecord } from '../domain/records';

/**
 * Whether an evaluation belongs in a results table: on the test split (validation selects, it is
 * never reported as a result) and part of the protocol, not one a person asked for ad hoc.
 * (Stores from before these columns read as test-split protocol evaluations: migration 0005.)
 */
export function countsInTables(e: EvaluationRecord): boolean {
  return e.split === 'test' && !e.adHoc;
}

/** Runs of a learning-rate grid that validation did not select are stored but never reported. */
export function runCountsInTables(run: RunRecord): boolean {
  return run.selection !== 'not-selected';
}
