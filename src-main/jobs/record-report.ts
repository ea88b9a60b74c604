import { rmSync } from 'node:fs';
import type { Store } from '../store';
import type { EventHub } from './event-hub';
import type { WorkerToMain } from './protocol';

/** The worker's reports of results: written to SQLite (in one transaction each), then fanned out. */
export type ResultReport = Extract<
  WorkerToMain,
  { type: 'progress' | 'epoch' | 'evaluation' | 'efficiency' | 'attention' }
>;

export function recordReport(store: Store, events: EventHub, message: ResultReport): void {
  switch (message.type) {
    case 'progress':
      // Stored as well as streamed: a finished run's step-loss chart is drawn from the store.
      store.steps.add(message.runId, message.progress);
      events.emit({ type: 'run.progress', runId: message.runId, progress: message.progress });
      return;
    case 'epoch': {
      // The newest checkpoint resumes the run; besides it only the one the run's checkpoint
      // choice picks so far (best on validation) is kept, to be evaluated and adapted from.
      const choice = store.runs.get(message.runId)?.config.checkpoint ?? 'last';
      const superseded = store.results.transaction(() => {
        store.results.addEpoch(message.runId, message.metrics);
        store.results.addCheckpoint({ runId: message.runId, ...message.checkpoint });
        store.runs.setEpochsDone(message.runId, message.metrics.epoch);
        return store.results.pruneCheckpointsBefore(
          message.runId,
          message.checkpoint.epoch,
          choice,
        );
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
        { split: message.split, adHoc: message.adHoc },
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
