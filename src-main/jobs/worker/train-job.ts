import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { selectedEpoch } from '@shared/domain/selection';
import { backbonePath } from '../../data/backbone-library';
import { DatasetLibrary } from '../../data/library';
import {
  EncoderCacheStore,
  encoderCacheBytesFromEnv,
  evaluate,
  loadCheckpoint,
  loadWeights,
  selectBackend,
  trainRun,
} from '../../engine';
import { dataLayout } from '../../home';
import { modalityModeEvaluations, situationEvaluations } from '../evaluation-plan';
import { CONTROL_CANCEL, CONTROL_PAUSE, type TrainJob, type WorkerToMain } from '../protocol';
import { trainPeerEntry } from '../worker-entry';
import { evaluationSeed, importedBackboneStart, mistakesOf, modelForRun } from './run-model';

type Post = (message: WorkerToMain) => void;

/** Where a run's checkpoint of one epoch is written (and read back when it is the chosen one). */
export function epochCheckpointPath(dir: string, epoch: number): string {
  return join(dir, `epoch-${epoch}.safetensors`);
}

/**
 * Trains one run, reporting progress, every epoch (with its checkpoint), the situation-specific
 * evaluations of its chosen checkpoint (../evaluation-plan.ts) and the efficiency figures. Pause stops at the next epoch
 * end, after its checkpoint; cancel stops between steps.
 */
export async function runTrainJob(job: TrainJob, post: Post): Promise<void> {
  const { runId, config } = job;
  // One matmul thread per data-parallel worker: measured faster than threaded matmuls (engine
  // README), and a run's cores are its workers.
  const backend = await selectBackend(job.backendOverride ?? undefined, { cores: 1 });
  post({ type: 'backend', report: backend });
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
      // An adapted run starts from its backbone run; a backbone run on an imported backbone from
      // that backbone's encoder, with a new head for this dataset's classes.
      ...(job.parentCheckpoint
        ? { initFrom: job.parentCheckpoint }
        : config.pretrained
          ? {
              initFrom: await importedBackboneStart(
                model,
                backbonePath(dataLayout(job.dataDir), config.pretrained.id),
              ),
              initGroups: ['backbone'] as const,
            }
          : {}),
      resumeFrom: job.resumeCheckpoint ?? undefined,
      // Data-parallel over the run's cores on wasm; a native backend threads its own kernels
      // and its addon cannot load once per thread.
      workers: backend.name === 'wasm' ? job.cores : 1,
      peerScript: trainPeerEntry(),
      // Used only by runs that qualify (PL, readonly prompts, corruptionDraws; engine README):
      // float32 entries reproduce the uncached run exactly, so it is on unless the stage says off.
      encoderCache: {
        store: new EncoderCacheStore(
          join(dataLayout(job.dataDir).cache, 'encoder'),
          encoderCacheBytesFromEnv(),
        ),
        data: `${source.meta.datasetId}/${source.meta.settingsHash}`,
      },
      hooks: {
        onStep: (progress) => post({ type: 'progress', runId, progress }),
        onEpochEnd: async (metrics, saveCheckpoint) => {
          const path = epochCheckpointPath(job.checkpointDir, metrics.epoch);
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
    const drawn = result.corruptionDraws;
    if (drawn)
      console.info(
        `run ${runId}: encoder cache ${drawn.cache ? `used (${JSON.stringify(drawn.cache)})` : `not used: ${drawn.cacheSkipped}`}, prepared in ${drawn.prepareSeconds.toFixed(1)} s`,
      );
    if (result.status === 'cancelled') {
      post({ type: 'finished', runId, outcome: pauseAfterEpoch ? 'paused' : 'cancelled' });
      return;
    }
    // Evaluate the checkpoint the run declared (best on validation, or the last epoch), never
    // simply the weights training ended with.
    const chosen = selectedEpoch(result.history, config.checkpoint);
    if (chosen !== null && chosen !== result.epochsCompleted) {
      loadWeights(model, await loadCheckpoint(epochCheckpointPath(job.checkpointDir, chosen)));
    }
    const planned = [
      ...situationEvaluations(config).map((r) => ({ ...r, prompting: 'situation' as const })),
      ...modalityModeEvaluations(config).map((r) => ({
        ...r,
        prompting: 'modality-mode' as const,
      })),
    ];
    for (const request of planned) {
      const indices = source.indices(request.split);
      if (indices.length === 0) continue; // a dataset without a validation split
      const evaluation = await evaluate(model, source, {
        indices,
        case: request.case,
        prompting: request.prompting,
        corruption: { ...config.corruption, rate: request.missingRate },
        seed: evaluationSeed(config),
      });
      const { loss: _loss, predictions: _predictions, ...summary } = evaluation;
      post({
        type: 'evaluation',
        runId,
        missingRate: request.missingRate,
        split: request.split,
        adHoc: false,
        evaluation: summary,
        mistakes: mistakesOf(evaluation),
      });
    }
    post({ type: 'finished', runId, outcome: 'done' });
  } finally {
    model.dispose();
    source.close();
  }
}
