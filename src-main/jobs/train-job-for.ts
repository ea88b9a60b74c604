import { join } from 'node:path';
import type { RunRecord } from '@shared/domain/records';
import type { DataLayout } from '../home';
import type { Store } from '../store';
import { chosenCheckpoint } from './checkpoint-choice';
import { coresPerRun } from './cores';
import type { TrainJob } from './protocol';

/**
 * The checkpoints a run starts from: an adapted run's backbone (`parent`) and its chosen
 * checkpoint (best on validation by default); a run with stored epochs resumes from its last.
 */
export function startingCheckpoints(run: RunRecord, store: Store) {
  const parent = run.parentRunId === null ? null : store.runs.get(run.parentRunId);
  return {
    parent,
    parentCheckpoint: parent ? chosenCheckpoint(store, parent) : null,
    resumeCheckpoint: run.epochsDone > 0 ? store.results.latestCheckpoint(run.id) : null,
  };
}

/**
 * What the worker needs to train `run`: an adapted run starts from its backbone's chosen
 * checkpoint (best on validation by default), a run with stored epochs resumes from its last
 * checkpoint, and it gets its share of the cores.
 */
export function trainJobFor(
  run: RunRecord,
  store: Store,
  layout: DataLayout,
  concurrency: number,
  control: Int32Array,
): TrainJob {
  const { parentCheckpoint, resumeCheckpoint } = startingCheckpoints(run, store);
  const settings = store.settings.get();
  return {
    runId: run.id,
    datasetId: run.datasetId,
    dataDir: layout.root,
    config: run.config,
    parentCheckpoint: parentCheckpoint?.path ?? null,
    resumeCheckpoint: resumeCheckpoint?.path ?? null,
    checkpointDir: join(layout.checkpoints, `run-${run.id}`),
    backendOverride: settings.backendOverride,
    cores: coresPerRun(settings.cores, concurrency),
    control: control.buffer as SharedArrayBuffer,
  };
}
