/**
 * The engine's public API, called by the training worker (and the CLI / benchmarks). Everything
 * TensorFlow lives behind it; callers pass shared domain types and typed arrays.
 *
 *   await selectBackend();                       // once per process, before anything else
 *   const config = modelConfigForPreset('tiny', { numClasses, ...source.shape });
 *   const model = createModel(config, seed);
 *   const run = await trainRun({ model, source, config: trainingConfig, corruption, hooks });
 *   const ev = await evaluate(model, source, { indices: source.indices('test'), case: 'noisy_audio', prompting: 'situation', corruption, seed });
 *   await saveCheckpoint(path, model, { runId });
 */
import type { ModelConfig } from '@shared/domain/model';
import { AVModel } from './model/model';

export { currentBackend, selectBackend } from './backend';
export type { CacheReport, EncoderCache } from './cache/run-cache';
export {
  DEFAULT_ENCODER_CACHE_BYTES,
  EncoderCacheStore,
  encoderCacheBytesFromEnv,
} from './cache/store';
export {
  type LoadedCheckpoint,
  loadCheckpoint,
  loadWeights,
  modelFromCheckpoint,
  saveCheckpoint,
  type TrainingState,
} from './checkpoint/checkpoint';
export {
  applyCorruption,
  type CorruptionResult,
  corruptAudio,
  corruptImage,
  type FeatureArrays,
} from './corrupt';
export { captureAttention } from './eval/attention';
export { averageAttention } from './eval/attention-average';
export {
  type EvaluationResult,
  evaluate,
  promptCasesFor,
  type SamplePrediction,
} from './eval/evaluate';
export {
  type CavMaeCheckpoint,
  type CavMaeOptions,
  modelFromCavMae,
  readCavMae,
} from './model/cav-mae/load';
export { type VerifyResult, verifyCavMae } from './model/cav-mae/verify';
export {
  CAV_MAE_INPUT,
  modelConfigForPreset,
  PRESET_DIMS,
  type PresetOverrides,
  tokenGrids,
} from './model/config';
export { AVModel, type ForwardOptions, methodGroups, type ParamCounts } from './model/model';
export { countParams } from './model/param-count';
export { PARAM_GROUPS, type Param, type ParamGroup } from './model/params';
export { promptSetForCase } from './model/prompts';
export { Rng, type RngState } from './rng';
export {
  type RunControl,
  type TrainHooks,
  type TrainRunOptions,
  type TrainRunResult,
  trainRun,
} from './train/loop';

/** A model with seeded initial weights; call `setMethod` (trainRun does) to choose what trains. */
export function createModel(config: ModelConfig, seed: number): AVModel {
  return new AVModel(config, seed);
}
