import type { BatchArrays } from '../train/step';

/**
 * Splits a batch into at most `parts` contiguous shards, the first ones one sample larger when
 * it does not divide evenly; never an empty shard. The split depends only on (size, parts), so
 * a run gives the same shards, and the same results, for a given worker count.
 */
export function shardSizes(size: number, parts: number): number[] {
  if (!Number.isInteger(parts) || parts < 1)
    throw new Error(`shardSizes: ${parts} is not a positive integer`);
  const n = Math.min(parts, size);
  const base = Math.floor(size / n);
  return Array.from({ length: n }, (_, i) => base + (i < size % n ? 1 : 0));
}

/** The shards of a batch: views of its arrays (no copy), in rank order. */
export function shardBatch(batch: BatchArrays, parts: number): BatchArrays[] {
  const audioLen = batch.audio.length / batch.size;
  const visualLen = batch.visual.length / batch.size;
  let from = 0;
  return shardSizes(batch.size, parts).map((size) => {
    const to = from + size;
    const shard: BatchArrays = {
      size,
      audio: batch.audio.subarray(from * audioLen, to * audioLen),
      visual: batch.visual.subarray(from * visualLen, to * visualLen),
      labels: batch.labels.subarray(from, to),
    };
    if (batch.targets) {
      const classes = batch.targets.length / batch.size;
      shard.targets = batch.targets.subarray(from * classes, to * classes);
    }
    // Cached encoder content replaces the inputs in the model: a shard without it would run on
    // the raw, uncorrupted inputs.
    if (batch.encoded) {
      const { audio, visual } = batch.encoded;
      const a = audio.length / batch.size;
      const v = visual.length / batch.size;
      shard.encoded = {
        audio: audio.subarray(from * a, to * a),
        visual: visual.subarray(from * v, to * v),
      };
    }
    from = to;
    return shard;
  });
}
