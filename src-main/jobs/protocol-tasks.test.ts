import { ScenarioSchema } from '@shared/domain/scenario';
import { describe, expect, it } from 'vitest';
import type { Store } from '../store';
import { memoryStore } from '../store/testing';
import { concatReadiness } from './concat-tasks';
import { settleGrid } from './lr-grid';
import { planScenario } from './plan-scenario';
import { evaluationTask } from './task-requests';

const scenario = ScenarioSchema.parse({
  name: 'protocol',
  datasetId: 'demo',
  cases: ['noisy_audio', 'noisy_visual'],
  methods: ['pl'],
  backbone: { epochs: 2, batchSize: 8, lr: 1e-3 },
  training: { pl: { epochs: 2, lrGrid: [3e-3, 1e-2] } },
  seeds: [0],
});

/** The experiment's runs as experiments.create makes them, none trained yet. */
function createExperiment(store: Store) {
  const experiment = store.experiments.create(scenario);
  const ids = new Map<string, number>();
  for (const p of planScenario(scenario)) {
    const run = store.runs.create({
      experimentId: experiment.id,
      parentRunId: p.parentKey === null ? null : ids.get(p.parentKey)!,
      datasetId: 'demo',
      role: p.role,
      config: p.config,
    });
    ids.set(p.key, run.id);
  }
  return store.runs.listByExperiment(experiment.id);
}

/** A finished run with epochs of these validation accuracies and a checkpoint per epoch. */
function finish(store: Store, runId: number, valAccuracies: number[]) {
  valAccuracies.forEach((valAccuracy, i) => {
    const epoch = i + 1;
    store.results.addEpoch(runId, {
      epoch,
      trainLoss: 1,
      trainAccuracy: 0.5,
      valLoss: 1 - valAccuracy,
      valAccuracy,
      lr: 1e-3,
      seconds: 1,
      samplesPerSec: 1,
    });
    store.results.addCheckpoint({
      runId,
      epoch,
      path: `run${runId}/e${epoch}`,
      sha256: 's',
      bytes: 1,
    });
  });
  store.runs.markFinished(runId, 'done');
}

describe('the fair protocol on the main side', () => {
  it('selects each learning-rate grid point by validation only once the whole grid is done', () => {
    const store = memoryStore();
    const [, low, high] = createExperiment(store);
    finish(store, low!.id, [0.4, 0.9]);
    expect(settleGrid(store, store.runs.get(low!.id)!)).toBeNull(); // the other point still queued
    finish(store, high!.id, [0.8, 0.7]);
    expect(settleGrid(store, store.runs.get(high!.id)!)?.id).toBe(low!.id);
    expect(store.runs.get(high!.id)!.selection).toBe('not-selected');
  });

  it('keeps the best-on-validation checkpoint besides the latest, and evaluates that one', () => {
    const store = memoryStore();
    const [backbone] = createExperiment(store);
    finish(store, backbone!.id, [0.3, 0.9, 0.5]);
    store.results.pruneCheckpointsBefore(backbone!.id, 3, 'best-val');
    expect(store.results.checkpoints(backbone!.id).map((c) => c.epoch)).toEqual([2, 3]);
    const task = evaluationTask(store, store.runs.get(backbone!.id)!, {
      case: 'complete',
      prompting: 'situation',
      missingRate: 1,
    });
    expect(task.checkpoint).toBe(`run${backbone!.id}/e2`);
  });

  it('refuses concat-based prompting while the family is incomplete, saying what is missing', () => {
    const store = memoryStore();
    const runs = createExperiment(store);
    finish(store, runs[0]!.id, [0.9]);
    finish(store, runs[1]!.id, [0.5]);
    finish(store, runs[2]!.id, [0.6]);
    settleGrid(store, store.runs.get(runs[1]!.id)!);
    const readiness = concatReadiness(store, store.runs.get(runs[1]!.id)!);
    expect(readiness.ready).toBe(false);
    expect(readiness.ready ? [] : readiness.missing).toEqual([
      expect.stringMatching(
        /^noisy_visual: its learning-rate grid is not decided yet \(run \d+ is queued, run \d+ is queued\)$/,
      ),
    ]);
    expect(() =>
      evaluationTask(store, store.runs.get(runs[1]!.id)!, {
        case: 'noisy_audio',
        prompting: 'concat',
        missingRate: 1,
      }),
    ).toThrow(
      expect.objectContaining({
        kind: 'invalid_request',
        issues: [expect.objectContaining({ field: 'params.prompting' })],
      }),
    );
  });

  it('builds the same concat task whichever family member asks, over the backbone checkpoint', () => {
    const store = memoryStore();
    const runs = createExperiment(store);
    finish(store, runs[0]!.id, [0.9]);
    for (const [i, acc] of [
      [1, 0.5],
      [2, 0.6],
      [3, 0.7],
      [4, 0.2],
    ] as const)
      finish(store, runs[i]!.id, [acc]);
    settleGrid(store, store.runs.get(runs[1]!.id)!);
    settleGrid(store, store.runs.get(runs[3]!.id)!);
    const members = store.runs
      .listByExperiment(runs[0]!.experimentId!)
      .filter((r) => r.role === 'adapt');
    for (const testCase of ['complete', 'noisy_audio', 'noisy_visual'] as const) {
      const tasks = members.map((m) =>
        evaluationTask(store, m, { case: testCase, prompting: 'concat', missingRate: 1 }),
      );
      for (const task of tasks) expect(task).toEqual(tasks[0]);
      expect(tasks[0]!.checkpoint).toBe(`run${runs[0]!.id}/e1`);
      // The selected grid points' prompt sets: lr 1e-2 for noisy_audio, 3e-3 for noisy_visual.
      expect(tasks[0]!.promptSources).toEqual([
        { case: 'noisy_audio', checkpoint: `run${runs[2]!.id}/e1` },
        { case: 'noisy_visual', checkpoint: `run${runs[3]!.id}/e1` },
      ]);
      expect(tasks[0]!.adHoc).toBe(false);
    }
  });

  it('marks an evaluation outside the spec’s grid ad hoc, and keeps it out of the experiment’s rows', () => {
    const store = memoryStore();
    const [backbone] = createExperiment(store);
    finish(store, backbone!.id, [0.9]);
    const run = store.runs.get(backbone!.id)!;
    const inGrid = evaluationTask(store, run, {
      case: 'noisy_audio',
      prompting: 'situation',
      missingRate: 1,
    });
    const reliance = evaluationTask(store, run, {
      case: 'missing_audio',
      prompting: 'situation',
      missingRate: 1,
      split: 'val',
    });
    const outside = evaluationTask(store, run, {
      case: 'noisy_both',
      prompting: 'situation',
      missingRate: 1,
    });
    expect([inGrid.adHoc, reliance.adHoc, outside.adHoc]).toEqual([false, false, true]);
    const summary = {
      case: 'noisy_both' as const,
      prompting: 'situation' as const,
      accuracy: 0.5,
      macroF1: 0.5,
      confusion: [[1]],
      samples: 1,
    };
    store.results.addEvaluation(run.id, 1, summary, [], { split: 'test', adHoc: true });
    expect(store.results.experimentEvaluations(run.experimentId!)).toEqual([]);
    expect(store.results.experimentEvaluations(run.experimentId!, { adHoc: true })).toHaveLength(1);
  });
});
