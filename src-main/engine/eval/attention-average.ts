import type { AveragedAttention } from '@shared/domain/attention-average';
import type { Case } from '@shared/domain/cases';
import type { CorruptionConfig } from '@shared/domain/corruption';
import type { FeatureSource } from '@shared/domain/features';
import type { Prompting } from '@shared/domain/methods';
import * as tf from '@tensorflow/tfjs';
import { applyCorruption } from '../corrupt';
import { tokenGrids } from '../model/config';
import type { CapturedAttention } from '../model/context';
import type { AVModel } from '../model/model';
import { mixSeed } from '../rng';
import { batchTensors } from '../train/step';
import { AttentionSum } from './attention-sum';
import { promptCasesFor } from './evaluate';

export interface AverageAttentionOptions {
  indices: ArrayLike<number>;
  case: Case;
  prompting: Prompting;
  /** Applied to every batch as given (attention views degrade every sample: rate 1). */
  corruption: CorruptionConfig;
  /** Seeds the corruption per batch, as evaluate does: the same call gives the same maps. */
  seed: number;
  /** For concat: the cases whose prompt sets are concatenated (promptCasesFor). */
  trainedCases?: readonly Case[];
  batchSize?: number;
}

/**
 * Cross-attention of every fusion block and direction averaged over `indices`: each batch is
 * corrupted for the case, run forward once with capture, and its maps summed over the batch on
 * the backend before they are read, so memory stays one batch's worth whatever the sample count.
 */
export async function averageAttention(
  model: AVModel,
  source: FeatureSource,
  opts: AverageAttentionOptions,
): Promise<
  Pick<AveragedAttention, 'samples' | 'audioGrid' | 'visualGrid' | 'maps' | 'promptShare'>
> {
  const { indices, case: testCase, corruption, seed, batchSize = 16 } = opts;
  if (indices.length === 0) throw new Error('averageAttention: no sample to average');
  const promptCases = promptCasesFor(testCase, opts.prompting, opts.trainedCases);
  const sum = new AttentionSum();
  for (let start = 0, batchNo = 0; start < indices.length; start += batchSize, batchNo++) {
    const ids = Array.from(
      { length: Math.min(batchSize, indices.length - start) },
      (_, i) => indices[start + i]!,
    );
    const raw = source.batch(ids);
    const corrupted = applyCorruption(
      raw,
      source.shape,
      testCase,
      corruption,
      mixSeed(seed, batchNo),
    );
    const captured: CapturedAttention[] = [];
    const batchSums = tf.tidy(() => {
      const t = batchTensors(model, { ...raw, audio: corrupted.audio, visual: corrupted.visual });
      model.forward(t.audio, t.visual, { promptCases, capture: captured });
      return captured.map((cap) => cap.probs.sum(0)); // [B, H, Q, K] → [H, Q, K]
    });
    const maps = [];
    for (const [i, cap] of captured.entries()) {
      const [, heads, queries, keys] = cap.probs.shape as [number, number, number, number];
      const batchSum = (await batchSums[i]!.data()) as Float32Array;
      maps.push({
        shape: {
          block: cap.block,
          direction: cap.direction,
          heads,
          queries,
          keys,
          promptKeys: cap.promptKeys,
        },
        batchSum,
      });
    }
    for (const t of [...batchSums, ...captured.map((c) => c.probs)]) t.dispose();
    sum.addBatch(maps, ids.length);
  }
  const averaged = sum.average();
  const shareOf = (direction: string) => {
    const shares = averaged.filter((m) => m.direction === direction).map((m) => m.shares.prompts);
    return shares.length === 0 ? 0 : shares.reduce((a, b) => a + b, 0) / shares.length;
  };
  const grids = tokenGrids(model.config);
  return {
    samples: sum.count,
    audioGrid: grids.audio,
    visualGrid: grids.visual,
    maps: averaged,
    promptShare: {
      audioToVisual: shareOf('audio_to_visual'),
      visualToAudio: shareOf('visual_to_audio'),
    },
  };
}
