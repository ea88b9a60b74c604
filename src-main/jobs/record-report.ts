import { rmSync } from 'node:fs';
import type { EventHub } from '../api/event-hub';
import type { Store } from '../store';
import type { WorkerToMain } from './protocol';

/** The worker's reports of results: written to SQLite (in one transaction each), then fanned out. */
export type ResultReport = Extract<
  WorkerToMain,
  { type: 'progress' | 'epoch' | 'evaluation' | 'efficiency' | 'attention' }
>;

export function recordReport(store: Store, events: EventHub, message: ResultReport): void {
  switch (message.type) {
    case 'progress':
      events.emit({ type: 'run.progress', runId: message.runId, progress: message.progress });
      return;
    case 'epoch': {
      // Only the newest checkpoint is kept: it resumes the run and seeds the runs adapted from it.
      const superseded = store.results.transaction(() => {
        store.results.addEpoch(message.runId, message.metrics);
        store.results.addCheckpoint({ runId: message.runId, ...message.checkpoint });
        store.runs.setEpochsDone(message.runId, message.metrics.epoch);
        return store.results.pruneCheckpointsBefore(message.runId, message.checkpoint.epoch);
      });
      for (const path of superseded) rmSync(path, { force: true });
      events.emit({ type: 'run.epoch', runId: message.runId, metrics: message.metrics });
      return;
    }
    case 'evaluation':
      store.results.addEvaluation(
        message.runId,
        message.missingRate,
        message.evaluation,
        message.mistakes,
      );
      events.emit({ type: 'run.evaluation', runId: message.runId, evaluation: message.evaluation });
      return;
    case 'efficiency':
      store.results.setEfficiency(message.runId, message.efficiency);
      return;
    case 'attention':
      store.results.saveAttention(message.runId, message.snapshot);
      return;
  }
}
