import type { Case } from '@shared/domain/cases';
import type { Prompting } from '@shared/domain/methods';
import type { EvaluationSplit, RunRecord } from '@shared/domain/records';
import { invalid } from '../errors';
import type { Store } from '../store';
import { chosenCheckpoint } from './checkpoint-choice';
import { concatReadiness } from './concat-tasks';
import { isPlannedEvaluation } from './evaluation-plan';
import type { RunTask } from './protocol';

/** Everything of a RunTask but the queue's own bookkeeping. */
export type TaskRequest = Omit<RunTask, 'taskId' | 'dataDir' | 'backendOverride' | 'datasetId'> & {
  datasetId: string;
};

export interface EvaluationWanted {
  case: Case;
  prompting: Prompting;
  missingRate: number;
  split?: EvaluationSplit;
}

/**
 * The task that evaluates a finished run as asked. Concat-based prompting is the family's: it is
 * stored on the member trained for the case (else the first), and needs every member finished.
 * An evaluation of an experiment's run outside its spec's grid is marked ad hoc.
 */
export function evaluationTask(
  store: Store,
  run: RunRecord,
  wanted: EvaluationWanted,
): TaskRequest {
  const split = wanted.split ?? 'test';
  const base = { kind: 'evaluate' as const, case: wanted.case, prompting: wanted.prompting };
  if (wanted.prompting === 'concat') {
    const { owner, checkpoint, promptSources } = concatPieces(store, run, wanted.case);
    return {
      ...base,
      runId: owner.id,
      datasetId: owner.datasetId,
      config: owner.config,
      checkpoint,
      promptSources,
      missingRate: wanted.missingRate,
      split,
      adHoc: !inGrid(owner, { ...wanted, split }),
    };
  }
  mustHaveTrainedPrompts(run, wanted.case);
  return {
    ...base,
    runId: run.id,
    datasetId: run.datasetId,
    config: run.config,
    checkpoint: ownCheckpoint(store, run),
    missingRate: wanted.missingRate,
    split,
    adHoc: !inGrid(run, { ...wanted, split }),
  };
}

/** The task that captures one sample's cross-attention; never with an untrained prompt set. */
export function attentionTask(
  store: Store,
  run: RunRecord,
  wanted: { case: Case; prompting: Prompting; sampleIndex: number },
): TaskRequest {
  const base = {
    kind: 'attention' as const,
    runId: run.id,
    datasetId: run.datasetId,
    config: run.config,
    case: wanted.case,
    prompting: wanted.prompting,
    sampleIndex: wanted.sampleIndex,
    missingRate: run.missingRate,
    split: 'test' as const,
    adHoc: false,
  };
  if (wanted.prompting === 'concat') {
    const { checkpoint, promptSources } = concatPieces(store, run, wanted.case);
    return { ...base, checkpoint, promptSources };
  }
  mustHaveTrainedPrompts(run, wanted.case);
  return { ...base, checkpoint: ownCheckpoint(store, run) };
}

export interface AttentionAverageWanted {
  case: Case;
  prompting: Prompting;
  sampleIndices: number[];
}

/** The task that averages cross-attention over samples; never with an untrained prompt set. */
export function attentionAverageTask(
  store: Store,
  run: RunRecord,
  wanted: AttentionAverageWanted,
): TaskRequest {
  const { sampleIndex: _one, ...single } = attentionTask(store, run, { ...wanted, sampleIndex: 0 });
  return { ...single, kind: 'attention-average', sampleIndices: wanted.sampleIndices };
}

function concatPieces(store: Store, run: RunRecord, c: Case) {
  const readiness = concatReadiness(store, run);
  if (!readiness.ready) {
    throw invalid(
      'params.prompting',
      `run ${run.id}: concat-based prompting needs every case's PL run finished over a finished backbone; missing: ${readiness.missing.join('; ')}`,
    );
  }
  const { setup } = readiness;
  return {
    owner: setup.ownerOf(c),
    checkpoint: setup.backboneCheckpoint,
    promptSources: setup.promptSources,
  };
}

function mustHaveTrainedPrompts(run: RunRecord, c: Case): void {
  if (run.method === 'pl' && c !== run.case) {
    throw invalid(
      'params.case',
      `run ${run.id} trained prompts for ${run.case} only: use it on ${run.case}, or use concat-based prompting`,
    );
  }
}

function ownCheckpoint(store: Store, run: RunRecord): string {
  const checkpoint = chosenCheckpoint(store, run);
  if (!checkpoint)
    throw invalid('params.id', `run ${run.id} has no ${run.config.checkpoint} checkpoint to load`);
  return checkpoint.path;
}

/** Whether an evaluation is one the run's spec plans; a lone run has no spec, so nothing it is asked is ad hoc. */
function inGrid(run: RunRecord, e: Required<EvaluationWanted>): boolean {
  return run.experimentId === null || isPlannedEvaluation(run.config, e);
}
