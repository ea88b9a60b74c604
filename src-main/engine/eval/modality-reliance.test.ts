import type { Case } from '@shared/domain/cases';
import type { CorruptionConfig } from '@shared/domain/corruption';
import type { FeatureSource } from '@shared/domain/features';
import { NO_RECIPE } from '@shared/domain/recipe';
import type { EvaluationRecord } from '@shared/domain/records';
import { buildRelianceReport } from '@shared/report/modality-reliance';
import { fakeRun } from '@shared/report/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { microConfig, syntheticSource } from '../../../tests/support/engine/micro';
import { useTestBackend } from '../../../tests/support/engine/setup';
import { AVModel } from '../model/model';
import { Rng } from '../rng';
import { trainRun } from '../train/loop';
import { evaluate } from './evaluate';

beforeAll(useTestBackend);

const shape = { audioFrames: 8, melBins: 8, imageSize: 8, imageChannels: 1 };
const corruption: CorruptionConfig = {
  audioNoises: ['gaussian'],
  visualNoises: ['gaussian'],
  severity: 1,
  rate: 1,
};

/** The synthetic source with its audio replaced by fresh noise per sample: no label in it. */
function audioIsPureNoise(source: FeatureSource): FeatureSource {
  return {
    ...source,
    batch(sampleIndices) {
      const batch = source.batch(sampleIndices);
      const perSample = batch.audio.length / batch.size;
      for (let r = 0; r < batch.size; r++) {
        const rng = new Rng(1000 + batch.sampleIndices[r]!);
        for (let j = 0; j < perSample; j++) batch.audio[r * perSample + j] = rng.normal();
      }
      return batch;
    },
  };
}

describe('modality-reliance report on a trained backbone', () => {
  it('warns that audio alone is near chance when the audio carries no label, not vision', async () => {
    const source = audioIsPureNoise(
      syntheticSource(shape, 3, { train: 48, val: 24, test: 24 }, 7, 0.3),
    );
    const model = new AVModel(microConfig(), 7);
    await trainRun({
      model,
      source,
      corruption,
      config: {
        method: 'ft',
        case: 'complete',
        epochs: 8,
        batchSize: 8,
        lr: 3e-3,
        weightDecay: 0,
        optimizer: 'adamw',
        schedule: 'constant',
        warmupEpochs: 0,
        labelSmoothing: 0,
        clipNorm: 1,
        seed: 7,
        recipe: NO_RECIPE,
      },
    });

    const evaluations: EvaluationRecord[] = [];
    for (const split of ['val', 'test'] as const) {
      for (const c of ['complete', 'missing_audio', 'missing_visual'] as Case[]) {
        const result = await evaluate(model, source, {
          indices: source.indices(split),
          case: c,
          prompting: 'situation',
          corruption,
          seed: 3,
          batchSize: 8,
        });
        evaluations.push({
          id: evaluations.length + 1,
          runId: 1,
          case: c,
          prompting: 'situation',
          missingRate: 1,
          split,
          adHoc: false,
          accuracy: result.accuracy,
          macroF1: result.macroF1,
          confusion: result.confusion,
          samples: result.samples,
          mistakes: [],
          createdAt: '',
        });
      }
    }
    model.dispose();

    const report = buildRelianceReport([fakeRun(1, 'backbone', 'ft', 'complete', 7)], evaluations);
    const test = report.rows.find((r) => r.split === 'test')!;
    // Vision alone carries the label; audio alone cannot.
    expect(test.cells.visualOnly!.mean).toBeGreaterThan(0.8);
    expect(test.cells.audioOnly!.mean).toBeLessThan(report.nearChanceBelow!);
    expect(report.warnings.some((w) => w.startsWith('Audio only'))).toBe(true);
    expect(report.warnings.some((w) => w.startsWith('Visual only'))).toBe(false);
  });
});
