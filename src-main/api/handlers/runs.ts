import type { RunDetail } from '@shared/api/methods/runs';
import type { RunRecord } from '@shared/domain/records';
import { conflict, invalid, notFound } from '../../errors';
import { loneRunEvaluationSpec } from '../../jobs/evaluation-plan';
import { attentionTask, evaluationTask } from '../../jobs/task-requests';
import type { AppContext } from '../context';
import type { HandlerGroup } from '../handler-types';
import { datasetForRuns, readDataset } from './dataset-checks';
import { checkRecipeFitsTask } from './task-checks';

type RunMethods =
  | 'runs.list'
  | 'runs.get'
  | 'runs.create'
  | 'runs.cancel'
  | 'runs.pause'
  | 'runs.resume'
  | 'runs.evaluate'
  | 'runs.attention';

export function runHandlers(ctx: AppContext): HandlerGroup<RunMethods> {
  const { store, queue } = ctx;
  const mustGet = (id: number): RunRecord => {
    const run = store.runs.get(id);
    if (!run) throw notFound(`Run ${id}`);
    return run;
  };

  return {
    'runs.list': ({ experimentId }) =>
      (experimentId === undefined
        ? store.runs.listRecent()
        : store.runs.listByExperiment(experimentId)
      ).map((run) => queue.asSeen(run)),

    'runs.get': ({ id }): RunDetail => ({
      run: queue.asSeen(mustGet(id)),
      epochs: store.results.epochs(id),
      evaluations: store.results.evaluations(id),
      efficiency: store.results.efficiency(id),
      checkpoints: store.results.checkpoints(id),
    }),

    'runs.create': (params) => {
      // A new run changes no other: stored queued, it is trained by whichever process holds the
      // queue (a started queue looks for runs other processes queued), or by the next one.
      const { training } = params;
      const dataset = datasetForRuns(ctx, params.datasetId, 'params.datasetId');
      checkRecipeFitsTask(dataset, [['params.training.recipe', training.recipe]]);
      if (training.method !== 'ft' && params.backboneRunId === undefined) {
        throw invalid(
          'params.backboneRunId',
          `${training.method} adapts a backbone: give the id of an FT run (train one with method ft on the complete case)`,
        );
      }
      if (params.backboneRunId !== undefined) {
        const backbone = mustGet(params.backboneRunId);
        if (backbone.method !== 'ft')
          throw invalid('params.backboneRunId', `run ${backbone.id} is not an FT run`);
        if (backbone.datasetId !== params.datasetId) {
          throw invalid(
            'params.backboneRunId',
            `run ${backbone.id} was trained on dataset ${backbone.datasetId}`,
          );
        }
      }
      const run = store.runs.create({
        experimentId: null,
        parentRunId: params.backboneRunId ?? null,
        datasetId: params.datasetId,
        role: 'single',
        config: {
          training,
          model: params.model,
          corruption: params.corruption,
          evaluation: params.evaluation ?? loneRunEvaluationSpec(training.case),
          checkpoint: params.checkpoint,
        },
      });
      queue.pump();
      return mustGet(run.id);
    },

    'runs.cancel': ({ id }) => {
      queue.mustOwn();
      if (!queue.cancel(mustGet(id).id))
        throw conflict(`Run ${id} is ${mustGet(id).status}: nothing to cancel.`);
      return mustGet(id);
    },

    'runs.pause': ({ id }) => {
      queue.mustOwn();
      if (!queue.pause(mustGet(id).id))
        throw conflict(`Run ${id} is ${mustGet(id).status}: only a running run pauses.`);
      return mustGet(id);
    },

    'runs.resume': ({ id }) => {
      queue.mustOwn();
      if (!queue.resume(mustGet(id).id)) {
        throw conflict(
          `Run ${id} is ${mustGet(id).status}: only paused, interrupted, failed or cancelled runs resume.`,
        );
      }
      return mustGet(id);
    },

    'runs.evaluate': async ({ id, case: testCase, prompting, missingRate, split }) => {
      const run = mustGet(id);
      if (run.status !== 'done')
        throw conflict(`Run ${id} is ${run.status}: evaluate it once it is done.`);
      queue.mustOwn();
      const wanted = {
        case: testCase,
        prompting,
        missingRate: missingRate ?? run.missingRate,
        split,
      };
      // Concat-based prompting belongs to the PL family: stored on the member the task names.
      const task = evaluationTask(store, run, wanted);
      await queue.evaluate(run, wanted);
      const stored = store.results
        .evaluations(task.runId)
        .find(
          (e) =>
            e.case === testCase &&
            e.prompting === prompting &&
            e.missingRate === wanted.missingRate &&
            e.split === split &&
            e.adHoc === task.adHoc,
        );
      if (!stored) throw new Error(`the evaluation of run ${id} finished but was not stored`);
      return stored;
    },

    'runs.attention': async ({ id, case: testCase, prompting, sampleIndex }) => {
      const run = mustGet(id);
      if (run.status !== 'done')
        throw conflict(`Run ${id} is ${run.status}: attention needs a finished run.`);
      const cached = store.results.attention(id, testCase, prompting, sampleIndex);
      if (cached) return cached;
      const samples = readDataset(ctx, run.datasetId, 'params.id').samples.length;
      if (sampleIndex >= samples) {
        throw invalid(
          'params.sampleIndex',
          `dataset '${run.datasetId}' has ${samples} samples (0–${samples - 1}); there is no sample ${sampleIndex}`,
        );
      }
      queue.mustOwn();
      const wanted = { case: testCase, prompting, sampleIndex };
      attentionTask(store, run, wanted);
      await queue.captureAttention(run, wanted);
      const stored = store.results.attention(id, testCase, prompting, sampleIndex);
      if (!stored)
        throw new Error(`the attention capture of run ${id} finished but was not stored`);
      return stored;
    },
  };
}
