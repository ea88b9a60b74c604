import type { CheckpointRecord, RunRecord } from '@shared/domain/records';
import type { Store } from '../store';

/**
 * The checkpoint a finished run is evaluated and adapted from, as its config declares: the
 * epoch best on validation, or the last. Null while it has none.
 */
export function chosenCheckpoint(store: Store, run: RunRecord): CheckpointRecord | null {
  return store.results.chosenCheckpoint(run.id, run.config.checkpoint);
}
