import { DatasetLibrary } from '../../data/library';
import {
  applyCorruption,
  averageAttention,
  captureAttention,
  evaluate,
  selectBackend,
} from '../../engine';
import type { RunTask, WorkerToMain } from '../protocol';
import { evaluationSeed, loadTaskWeights, mistakesOf, modelForRun } from './run-model';

type Post = (message: WorkerToMain) => void;

/** One evaluation, attention capture or attention average on a finished run, from its chosen checkpoint. */
export async function runTask(task: RunTask, post: Post): Promise<void> {
  post({ type: 'backend', report: await selectBackend(task.backendOverride ?? undefined) });
  const source = new DatasetLibrary(task.dataDir).features(task.datasetId);
  const model = modelForRun(task.config, source);
  try {
    const promptCases = await loadTaskWeights(model, task);
    const seed = evaluationSeed(task.config);
    const corruption = { ...task.config.corruption, rate: task.missingRate };
    if (task.kind === 'evaluate') {
      const result = await evaluate(model, source, {
        indices: source.indices(task.split),
        case: task.case,
        prompting: task.prompting,
        corruption,
        seed,
        trainedCases: promptCases,
      });
      const { loss: _loss, predictions: _predictions, ...evaluation } = result;
      post({
        type: 'evaluation',
        runId: task.runId,
        missingRate: task.missingRate,
        split: task.split,
        adHoc: task.adHoc,
        evaluation,
        mistakes: mistakesOf(result),
      });
    } else if (task.kind === 'attention-average') {
      // Every sample degraded for the case, as in a single capture.
      const result = await averageAttention(model, source, {
        indices: task.sampleIndices ?? [],
        case: task.case,
        prompting: task.prompting,
        corruption: { ...corruption, rate: 1 },
        seed,
        trainedCases: promptCases,
      });
      post({ type: 'attention-average', taskId: task.taskId, result });
    } else {
      const sampleIndex = task.sampleIndex ?? 0;
      const raw = source.batch([sampleIndex]);
      const corrupted = applyCorruption(
        raw,
        source.shape,
        task.case,
        { ...corruption, rate: 1 },
        seed,
      );
      const snapshot = await captureAttention(
        model,
        { ...raw, audio: corrupted.audio, visual: corrupted.visual },
        task.case,
        task.prompting,
        promptCases,
      );
      post({ type: 'attention', runId: task.runId, snapshot });
    }
    post({ type: 'task-done', taskId: task.taskId });
  } finally {
    model.dispose();
    source.close();
  }
}
