import { NO_RECIPE } from '@shared/domain/recipe';
import type { RunConfig } from '@shared/domain/records';
import { openDatabase } from './connection';
import { createStore, type Store } from './index';
import type { RunRepository } from './repositories/run-repository';

/** An in-memory store at the latest schema, for tests. */
export function memoryStore(): Store {
  return createStore(openDatabase(':memory:'));
}

export function sampleRunConfig(overrides: Partial<RunConfig['training']> = {}): RunConfig {
  return {
    training: {
      method: 'pl',
      case: 'noisy_audio',
      epochs: 3,
      batchSize: 16,
      lr: 1e-3,
      weightDecay: 0.01,
      optimizer: 'adamw',
      schedule: 'cosine',
      warmupEpochs: 1,
      labelSmoothing: 0,
      clipNorm: 1,
      seed: 0,
      recipe: NO_RECIPE,
      ...overrides,
    },
    model: {
      preset: 'tiny',
      inputPromptLength: 4,
      attentionPromptLength: 4,
      inputPromptMode: 'deep',
      loraRank: 4,
      adapterBottleneck: 16,
      convStem: false,
      auxHeads: false,
    },
    corruption: { audioNoises: ['gaussian'], visualNoises: ['blur'], severity: 0.5, rate: 1 },
    evaluation: { cases: ['complete', 'noisy_audio'], promptings: ['situation'] },
    checkpoint: 'last',
  };
}

/** A lone queued run with the sample config: what most store tests start from. */
export function createSampleRun(
  runs: RunRepository,
  overrides: Partial<RunConfig['training']> = {},
) {
  return runs.create({
    experimentId: null,
    parentRunId: null,
    datasetId: 'demo',
    role: 'single',
    config: sampleRunConfig(overrides),
  });
}
