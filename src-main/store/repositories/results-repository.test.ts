import { describe, expect, it } from 'vitest';
import { createSampleRun, memoryStore } from '../testing';

function withRun() {
  const store = memoryStore();
  return { store, run: createSampleRun(store.runs) };
}

describe('ResultsRepository', () => {
  it('round-trips epoch metrics and drops those after a resume point', () => {
    const { store, run } = withRun();
    for (const epoch of [1, 2, 3]) {
      store.results.addEpoch(run.id, {
        epoch,
        trainLoss: 1 / epoch,
        trainAccuracy: epoch / 4,
        valLoss: null,
        valAccuracy: 0.5,
        lr: 1e-3,
        seconds: 2,
        samplesPerSec: 30,
      });
    }
    store.results.dropEpochsAfter(run.id, 1);
    expect(store.results.epochs(run.id)).toEqual([
      {
        runId: run.id,
        epoch: 1,
        trainLoss: 1,
        trainAccuracy: 0.25,
        valLoss: null,
        valAccuracy: 0.5,
        lr: 1e-3,
        seconds: 2,
        samplesPerSec: 30,
      },
    ]);
  });

  it('round-trips evaluations with confusion matrix and mistakes, replacing a re-evaluation', () => {
    const { store, run } = withRun();
    const evaluation = {
      case: 'noisy_audio' as const,
      prompting: 'situation' as const,
      accuracy: 0.75,
      macroF1: 0.7,
      confusion: [
        [2, 1],
        [0, 1],
      ],
      samples: 4,
    };
    store.results.addEvaluation(run.id, 1, evaluation, [[7, 0, 1]]);
    store.results.addEvaluation(run.id, 1, { ...evaluation, accuracy: 0.5 }, [[7, 0, 1]]);
    const stored = store.results.evaluations(run.id);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      ...evaluation,
      accuracy: 0.5,
      missingRate: 1,
      mistakes: [[7, 0, 1]],
    });
  });

  it('round-trips efficiency, checkpoints and attention snapshots', () => {
    const { store, run } = withRun();
    const efficiency = {
      backend: 'wasm' as const,
      totalParams: 1000,
      trainableParams: 10,
      peakTensorBytes: 5e6,
      peakRssBytes: 2e8,
      secondsPerEpoch: 3.5,
      trainSamplesPerSec: 40,
    };
    store.results.setEfficiency(run.id, efficiency);
    expect(store.results.efficiency(run.id)).toEqual({ runId: run.id, ...efficiency });
    // How training used the machine (migration 7): stored, and absent again when not given.
    const parallel = { ...efficiency, workers: 2, matmul: 'openblas' as const, matmulThreads: 1 };
    store.results.setEfficiency(run.id, parallel);
    expect(store.results.efficiency(run.id)).toEqual({ runId: run.id, ...parallel });
    store.results.setEfficiency(run.id, efficiency);
    expect(store.results.efficiency(run.id)).toEqual({ runId: run.id, ...efficiency });

    store.results.addCheckpoint({ runId: run.id, epoch: 1, path: '/a', sha256: 'x', bytes: 10 });
    store.results.addCheckpoint({ runId: run.id, epoch: 2, path: '/b', sha256: 'y', bytes: 11 });
    expect(store.results.latestCheckpoint(run.id)).toMatchObject({ epoch: 2, path: '/b' });

    const snapshot = {
      case: 'noisy_audio' as const,
      prompting: 'situation' as const,
      sampleIndex: 4,
      audioGrid: [2, 2] as [number, number],
      visualGrid: [1, 2] as [number, number],
      maps: [],
      promptShare: { audioToVisual: 0.3, visualToAudio: 0.1 },
    };
    store.results.saveAttention(run.id, snapshot);
    expect(store.results.attention(run.id, 'noisy_audio', 'situation', 4)).toEqual(snapshot);
  });

  it('round-trips a multi-label evaluation (mAP, AUC, per-class AP) and an epoch’s validation mAP', () => {
    const { store, run } = withRun();
    const multiLabel = {
      map: 0.8,
      auc: null,
      perClassAp: [0.6, null, 1],
      mapSkipped: 1,
      aucSkipped: 3,
      positives: [2, 0, 4],
    };
    store.results.addEvaluation(
      run.id,
      1,
      {
        case: 'complete',
        prompting: 'situation',
        accuracy: 0.5,
        macroF1: 0.4,
        confusion: [],
        samples: 4,
        multiLabel,
      },
      [],
    );
    expect(store.results.evaluations(run.id)[0]).toMatchObject({ confusion: [], multiLabel });
    store.results.addEpoch(run.id, {
      epoch: 1,
      trainLoss: 1,
      trainAccuracy: 0.5,
      valLoss: 0.9,
      valAccuracy: 0.6,
      valMap: 0.55,
      lr: 1e-3,
      seconds: 1,
      samplesPerSec: 10,
    });
    expect(store.results.epochs(run.id)[0]!.valMap).toBe(0.55);
  });
});
