import type { Case } from '../domain/cases';
import type { Method, Prompting } from '../domain/methods';
import type { EvaluationRecord, RunRecord, RunRole } from '../domain/records';

/** Minimal records for report tests: only the fields the table reads are meaningful. */
export function fakeRun(
  id: number,
  role: RunRole,
  method: Method,
  c: Case,
  seed: number,
): RunRecord {
  return {
    id,
    experimentId: 1,
    parentRunId: null,
    datasetId: 'd',
    role,
    method,
    case: c,
    missingRate: 1,
    seed,
    config: {} as RunRecord['config'],
    status: 'done',
    backend: 'wasm',
    compute: null,
    error: null,
    epochsDone: 1,
    createdAt: '',
    startedAt: null,
    finishedAt: null,
    selection: null,
  };
}

export function fakeEvaluation(
  runId: number,
  c: Case,
  accuracy: number,
  prompting: Prompting = 'situation',
): EvaluationRecord {
  return {
    id: 0,
    runId,
    case: c,
    prompting,
    missingRate: 1,
    split: 'test',
    adHoc: false,
    accuracy,
    macroF1: accuracy / 2,
    confusion: [],
    samples: 10,
    mistakes: [],
    createdAt: '',
  };
}
