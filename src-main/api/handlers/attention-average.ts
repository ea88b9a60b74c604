import type { AveragedAttention } from '@shared/domain/attention-average';
import type { DatasetRecord } from '@shared/domain/dataset';
import { conflict, invalid, notFound } from '../../errors';
import type { AppContext } from '../context';
import type { HandlerGroup } from '../handler-types';
import { readDataset } from './dataset-checks';

/** Averages asked for again (a page shown twice, FT beside PL) are answered from here. */
const REMEMBERED = 16;

/**
 * Cross-attention averaged over a run's test samples. The samples are chosen here (the test
 * split, or one class of it, in stored order, at most `maxSamples`); the model runs in a worker
 * like a single capture, so the event loop only waits for its answer.
 */
export function attentionAverageHandlers(ctx: AppContext): HandlerGroup<'runs.attentionAverage'> {
  const { store, queue } = ctx;
  const remembered = new Map<string, AveragedAttention>();

  return {
    'runs.attentionAverage': async (params) => {
      const { id, case: testCase, prompting, classIndex, maxSamples } = params;
      const run = store.runs.get(id);
      if (!run) throw notFound(`Run ${id}`);
      if (run.status !== 'done')
        throw conflict(`Run ${id} is ${run.status}: attention needs a finished run.`);
      const key = JSON.stringify([id, testCase, prompting, classIndex ?? null, maxSamples]);
      const known = remembered.get(key);
      if (known) return known;

      const dataset = readDataset(ctx, run.datasetId, 'params.id');
      const matching = testSamplesOf(dataset, classIndex);
      queue.mustOwn();
      const averaged = await queue.averageAttention(run, {
        case: testCase,
        prompting,
        sampleIndices: matching.slice(0, maxSamples),
      });
      const result: AveragedAttention = {
        runId: id,
        case: testCase,
        prompting,
        classIndex: classIndex ?? null,
        matching: matching.length,
        ...averaged,
      };
      remembered.set(key, result);
      if (remembered.size > REMEMBERED) remembered.delete(remembered.keys().next().value!);
      return result;
    },
  };
}

/** Indices of the test samples (of one class: in a multi-label set, those that carry it). */
function testSamplesOf(dataset: DatasetRecord, classIndex: number | undefined): number[] {
  const { classes } = dataset;
  if (classIndex !== undefined && classIndex >= classes.length) {
    throw invalid(
      'params.classIndex',
      `dataset '${dataset.id}' has ${classes.length} classes (0–${classes.length - 1}); there is no class ${classIndex}`,
    );
  }
  const matching: number[] = [];
  for (const [index, s] of dataset.samples.entries()) {
    if (s.split !== 'test') continue;
    if (classIndex === undefined || (s.labels ?? [s.label]).includes(classIndex))
      matching.push(index);
  }
  if (matching.length === 0) {
    throw invalid(
      classIndex === undefined ? 'params.id' : 'params.classIndex',
      classIndex === undefined
        ? `dataset '${dataset.id}' has no test samples to average over`
        : `dataset '${dataset.id}' has no test sample of class ${classIndex} (${classes[classIndex]})`,
    );
  }
  return matching;
}
