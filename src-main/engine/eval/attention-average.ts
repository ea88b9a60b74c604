import type { AveragedAttention } from '@shared/domain/attention-average';
import type { FeatureSource } from '@shared/domain/features';
import { tokenGrids } from '../model/config';
import type { AVModel } from '../model/model';
import { AttentionSum, capturedMapShape } from './attention-sum';
import { type EvaluateOptions, promptCasesFor } from './evaluate';
import { forwardCorruptedBatches } from './forward-batches';

/** As an evaluation's; attention views pass the corruption at rate 1, degrading every sample. */
export type AverageAttentionOptions = EvaluateOptions;

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
      maps.push({
        shape: capturedMapShape(cap),
        batchSum: (await batchSums[i]!.data()) as Float32Array,
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
