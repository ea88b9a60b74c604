import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatasetLibrary } from '../../data/library';
import { evaluate, selectBackend, trainRun } from '../../engine';
import { CONTROL_CANCEL, CONTROL_PAUSE, type TrainJob, type WorkerToMain } from '../protocol';
import { evaluationSeed, mistakesOf, modelForRun } from './run-model';

type Post = (message: WorkerToMain) => void;

/**
 * Trains one run, reporting progress, every epoch (with its checkpoint), the situation-specific
 * evaluations on every evaluation case and the efficiency figures. Pause stops at the next epoch
 * end, after its checkpoint; cancel stops between steps.
 */
export async function runTrainJob(job: TrainJob, post: Post): Promise<void> {
  const { runId, config } = job;
  post({ type: 'backend', report: await selectBackend(job.backendOverride ?? undefined) });
  const source = new DatasetLibrary(job.dataDir).features(job.datasetId);
  const model = modelForRun(config, source);
  const control = new Int32Array(job.control);
  let pauseAfterEpoch = false;
  mkdirSync(job.checkpointDir, { recursive: true });
  try {
    const result = await trainRun({
      model,
      source,
      config: config.training,
      corruption: config.corruption,
      initFrom: job.parentCheckpoint ?? undefined,
      resumeFrom: job.resumeCheckpoint ?? undefined,
      hooks: {
        onStep: (progress) => post({ type: 'progress', runId, progress }),
        onEpochEnd: async (metrics, saveCheckpoint) => {
          const path = join(job.checkpointDir, `epoch-${metrics.epoch}.safetensors`);
          await saveCheckpoint(path);
          const bytes = readFileSync(path);
          post({
            type: 'epoch',
            runId,
            metrics,
            checkpoint: {
              epoch: metrics.epoch,
              path,
              sha256: createHash('sha256').update(bytes).digest('hex'),
              bytes: bytes.length,
            },
          });
          if (Atomics.load(control, 0) === CONTROL_PAUSE) pauseAfterEpoch = true;
        },
        control: () =>
          Atomics.load(control, 0) === CONTROL_CANCEL || pauseAfterEpoch ? 'cancel' : 'continue',
      },
    });
    post({ type: 'efficiency', runId, efficiency: result.efficiency });
    if (result.status === 'cancelled') {
      post({ type: 'finished', runId, outcome: pauseAfterEpoch ? 'paused' : 'cancelled' });
      return;
    }
    const testIndices = source.indices('test');
    // A PL run holds one trained prompt set: situation-specific means its own case. The other
    // methods' models are evaluated on every case (concat-based PL is a task on the whole family).
    const situationCases =
      config.training.method === 'pl'
        ? config.evaluation.promptings.includes('situation')
          ? [config.training.case]
          : []
        : config.evaluation.cases;
    const rates = config.evaluation.missingRates ?? [config.corruption.rate];
    for (const rate of rates) {
      for (const testCase of situationCases) {
        const evaluation = await evaluate(
          model,
          source,
          testIndices,
          testCase,
          'situation',
          { ...config.corruption, rate },
          evaluationSeed(config),
        );
        const { loss: _loss, predictions: _predictions, ...summary } = evaluation;
        post({
          type: 'evaluation',
          runId,
          missingRate: rate,
          evaluation: summary,
          mistakes: mistakesOf(evaluation),
        });
      }
    }
    post({ type: 'finished', runId, outcome: 'done' });
  } finally {
    model.dispose();
    source.close();
  }
}
