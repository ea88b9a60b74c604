import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CorruptionConfig } from '@shared/domain/corruption';
import type { InputPromptMode } from '@shared/domain/methods';
import type { Preset } from '@shared/domain/model';
import { NO_RECIPE } from '@shared/domain/recipe';
import type { TrainingConfig } from '@shared/domain/training';
import { evaluate } from '../../src-main/engine/eval/evaluate';
import { modelConfigForPreset } from '../../src-main/engine/model/config';
import { AVModel } from '../../src-main/engine/model/model';
import { trainRun } from '../../src-main/engine/train/loop';
import { syntheticSource } from '../../tests/support/engine/micro';

export interface ModeComparisonRow {
  method: 'ft' | 'pl';
  promptMode: InputPromptMode | null;
  testCase: 'complete' | 'noisy_audio';
  accuracy: number;
  trainSamplesPerSec: number;
}

/**
 * Deep vs readonly input prompts on SYNTHETIC data (class templates + noise; audio clear, the
 * image much noisier, so noisy audio hurts an FT model that leans on audio): FT on complete data, then PL on noisy audio from that backbone in each mode,
 * all evaluated on noisy-audio test data. A smoke-scale comparison, not a paper result.
 */
export async function comparePromptModes(
  preset: Preset,
  epochs: number,
  log: (s: string) => void,
): Promise<ModeComparisonRow[]> {
  const shape = { audioFrames: 64, melBins: 32, imageSize: 32, imageChannels: 1 };
  const source = syntheticSource(shape, 5, { train: 240, val: 0, test: 200 }, 7, {
    audio: 3,
    visual: 12,
  });
  const config = modelConfigForPreset(preset, { numClasses: 5, ...shape });
  const corruption: CorruptionConfig = {
    audioNoises: ['gaussian', 'time_mask', 'freq_mask'],
    visualNoises: ['gaussian'],
    severity: 1,
    rate: 1,
  };
  const training = (over: Partial<TrainingConfig>): TrainingConfig => ({
    method: 'ft',
    recipe: NO_RECIPE,
    case: 'complete',
    epochs,
    batchSize: 16,
    lr: 5e-4,
    weightDecay: 0.01,
    optimizer: 'adamw',
    schedule: 'cosine',
    warmupEpochs: 1,
    labelSmoothing: 0.1,
    clipNorm: 1,
    seed: 1,
    ...over,
  });
  const dir = mkdtempSync(join(tmpdir(), 'avlab-modes-'));
  const rows: ModeComparisonRow[] = [];
  try {
    const ftPath = join(dir, 'ft.safetensors');
    const ft = new AVModel(config, 1);
    const ftRun = await trainRun({
      model: ft,
      source,
      config: training({}),
      corruption,
      hooks: { onEpochEnd: (_m, save) => save(ftPath) },
    });
    for (const testCase of ['complete', 'noisy_audio'] as const) {
      const ev = await evaluate(ft, source, {
        indices: source.indices('test'),
        case: testCase,
        prompting: 'situation',
        corruption,
        seed: 99,
      });
      rows.push({
        method: 'ft',
        promptMode: null,
        testCase,
        accuracy: ev.accuracy,
        trainSamplesPerSec: ftRun.efficiency.trainSamplesPerSec,
      });
      log(
        `ft           ${testCase.padEnd(12)} acc ${ev.accuracy.toFixed(3)}  train ${ftRun.efficiency.trainSamplesPerSec.toFixed(1)} samples/s`,
      );
    }
    ft.dispose();
    for (const mode of ['deep', 'readonly'] as const) {
      const pl = new AVModel({ ...config, inputPromptMode: mode }, 1);
      const run = await trainRun({
        model: pl,
        source,
        config: training({ method: 'pl', case: 'noisy_audio', lr: 5e-3 }),
        corruption,
        initFrom: ftPath,
      });
      const ev = await evaluate(pl, source, {
        indices: source.indices('test'),
        case: 'noisy_audio',
        prompting: 'situation',
        corruption,
        seed: 99,
      });
      rows.push({
        method: 'pl',
        promptMode: mode,
        testCase: 'noisy_audio',
        accuracy: ev.accuracy,
        trainSamplesPerSec: run.efficiency.trainSamplesPerSec,
      });
      log(
        `pl ${mode.padEnd(9)} noisy_audio  acc ${ev.accuracy.toFixed(3)}  train ${run.efficiency.trainSamplesPerSec.toFixed(1)} samples/s`,
      );
      pl.dispose();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
