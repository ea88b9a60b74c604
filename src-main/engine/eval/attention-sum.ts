import type { AveragedAttentionMap } from '@shared/domain/attention-average';
import type { AttentionMapShape } from '@shared/domain/training';
import type { CapturedAttention } from '../model/context';

/** Which map a captured tensor is, and its shape ([B, H, Q, K] probabilities). */
export function capturedMapShape(cap: CapturedAttention): AttentionMapShape {
  const [, heads, queries, keys] = cap.probs.shape as [number, number, number, number];
  return {
    block: cap.block,
    direction: cap.direction,
    heads,
    queries,
    keys,
    promptKeys: cap.promptKeys,
  };
}

/**
 * Running sums of cross-attention maps over samples, one per fusion block and direction, so that
 * a whole test split is averaged without keeping any sample's map. Kept in float64: a float32 sum
 * of thousands of probabilities loses the digits a share is read from.
 */
export class AttentionSum {
  private readonly sums = new Map<string, { shape: AttentionMapShape; sum: Float64Array }>();
  private samples = 0;

  /**
   * Adds one forward pass of `batch` samples: for each map, its weights already summed over the
   * batch's samples ([heads, queries, keys]).
   */
  addBatch(maps: { shape: AttentionMapShape; batchSum: ArrayLike<number> }[], batch: number): void {
    for (const { shape, batchSum } of maps) {
      const size = shape.heads * shape.queries * shape.keys;
      if (batchSum.length !== size)
        throw new Error(
          `attention map of block ${shape.block} ${shape.direction}: ${batchSum.length} weights, expected ${shape.heads}×${shape.queries}×${shape.keys}`,
        );
      const key = `${shape.block}:${shape.direction}`;
      const entry = this.sums.get(key) ?? { shape, sum: new Float64Array(size) };
      if (entry.sum.length !== size)
        throw new Error(`attention map of block ${shape.block} ${shape.direction} changed shape`);
      this.sums.set(key, entry);
      for (let i = 0; i < size; i++) entry.sum[i]! += batchSum[i]!;
    }
    this.samples += batch;
  }

  get count(): number {
    return this.samples;
  }

  /** Each map averaged over the samples added, then over heads; with per-head and group shares. */
  average(): AveragedAttentionMap[] {
    if (this.samples === 0) throw new Error('AttentionSum.average: no sample was added');
    return [...this.sums.values()].map(({ shape, sum }) => {
      const { heads, queries, keys, promptKeys } = shape;
      const mean = new Array<number>(queries * keys).fill(0);
      const promptShareByHead: number[] = [];
      let onPrompts = 0;
      let onTokens = 0;
      for (let h = 0; h < heads; h++) {
        let headPrompts = 0;
        for (let q = 0; q < queries; q++)
          for (let k = 0; k < keys; k++) {
            const w = sum[(h * queries + q) * keys + k]! / this.samples;
            mean[q * keys + k]! += w / heads;
            if (k < promptKeys) headPrompts += w;
            else onTokens += w;
          }
        onPrompts += headPrompts;
        promptShareByHead.push(headPrompts / queries);
      }
      return {
        ...shape,
        mean,
        promptShareByHead,
        shares: { prompts: onPrompts / (heads * queries), tokens: onTokens / (heads * queries) },
      };
    });
  }
}
