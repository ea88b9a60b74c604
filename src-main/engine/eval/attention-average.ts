import type { AveragedAttention } from '@shared/domain/attention-average';
import type { Case } from '@shared/domain/cases';
import type { CorruptionConfig } from '@shared/domain/corruption';
import type { FeatureSource } from '@shared/domain/features';
import type { Prompting } from '@shared/domain/methods';
import { tokenGrids } from '../model/config';
import type { AVModel } from '../model/model';
import { AttentionSum } from './attention-sum';
import { promptCasesFor } from './evaluate';
import { forwardCorruptedBatches } from './forward-batches';

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
  const { indices } = opts;
  if (indices.length === 0) throw new Error('averageAttention: no sample to average');
  const promptCases = promptCasesFor(opts.case, opts.prompting, opts.trainedCases);
  const sum = new AttentionSum();
  const batches = forwardCorruptedBatches(
    model,
    source,
    { ...opts, batchSize: opts.batchSize ?? 16, forwardOptions: { promptCases }, capture: true },
    // Each captured map summed over the batch: [B, H, Q, K] → [H, Q, K].
    ({ captured }) => captured.map((cap) => cap.probs.sum(0)),
  );
  for (const { batch, outputs: batchSums, captured } of batches) {
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
    sum.addBatch(maps, batch.size);
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
