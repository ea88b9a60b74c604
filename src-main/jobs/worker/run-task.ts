import { DatasetLibrary } from '../../data/library';
import {
  applyCorruption,
  captureAttention,
  evaluate,
  loadCheckpoint,
  loadWeights,
  selectBackend,
} from '../../engine';
import type { RunTask, WorkerToMain } from '../protocol';
import { evaluationSeed, loadPromptSet, mistakesOf, modelForRun, orderedCases } from './run-model';

type Post = (message: WorkerToMain) => void;

/** One evaluation or attention capture on a finished run, from its final checkpoint. */
export async function runTask(task: RunTask, post: Post): Promise<void> {
  post({ type: 'backend', report: await selectBackend(task.backendOverride ?? undefined) });
  const source = new DatasetLibrary(task.dataDir).features(task.datasetId);
  const model = modelForRun(task.config, source);
  try {
    const own = await loadCheckpoint(task.checkpoint);
    loadWeights(model, own);
    model.setMethod(own.method, own.trainCase);
    let promptCases: ReturnType<typeof orderedCases> | undefined;
    if (task.prompting === 'concat' && task.promptSources) {
      for (const sourceOfPrompts of task.promptSources) {
        if (sourceOfPrompts.checkpoint === task.checkpoint) continue;
        loadPromptSet(
          model,
          await loadCheckpoint(sourceOfPrompts.checkpoint),
          sourceOfPrompts.case,
        );
      }
      promptCases = orderedCases(task.promptSources.map((s) => s.case));
    }
    const seed = evaluationSeed(task.config);
    const corruption = { ...task.config.corruption, rate: task.missingRate };
    if (task.kind === 'evaluate') {
      const result = await evaluate(
        model,
        source,
        source.indices('test'),
        task.case,
        task.prompting,
        corruption,
        seed,
        32,
        promptCases,
      );
      const { loss: _loss, predictions: _predictions, ...evaluation } = result;
      post({
        type: 'evaluation',
        runId: task.runId,
        missingRate: task.missingRate,
        evaluation,
        mistakes: mistakesOf(result),
      });
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
