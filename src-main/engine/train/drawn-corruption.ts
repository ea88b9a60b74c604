import type { CorruptionConfig } from '@shared/domain/corruption';
import type { FeatureSource } from '@shared/domain/features';
import type { TrainingConfig } from '@shared/domain/training';
import { whyNoEncoderCache } from '../cache/eligibility';
import type { EncodedArrays } from '../cache/encoded';
import { type CacheReport, type EncoderCache, RunEncoderCache } from '../cache/run-cache';
import type { CorruptionResult, FeatureArrays } from '../corrupt';
import { CorruptionDraws, drawSeedOf } from '../corruption-draws';
import type { AVModel } from '../model/model';
import type { Rng } from '../rng';

/**
 * Training batches under TrainingConfig.corruptionDraws: each epoch picks one of the k draws per
 * train sample from the run RNG; a batch is its rows corrupted by their draws or, when the run
 * qualifies for the encoder cache, the rows' cached encoder content.
 */
export class DrawnCorruption {
  private readonly position = new Map<number, number>();

  private constructor(
    readonly draws: CorruptionDraws,
    private readonly cache: RunEncoderCache | null,
    /** Why the encoder cache is not used (null when it is). */
    readonly cacheSkipped: string | null,
    trainIds: Int32Array,
  ) {
    trainIds.forEach((id, i) => {
      this.position.set(id, i);
    });
  }

  static forRun(
    model: AVModel,
    source: FeatureSource,
    config: TrainingConfig,
    corruption: CorruptionConfig,
    encoderCache: EncoderCache | undefined,
  ): DrawnCorruption {
    const k = config.corruptionDraws;
    if (!k) throw new Error('DrawnCorruption: the config sets no corruptionDraws');
    const trainIds = source.indices('train');
    const draws = new CorruptionDraws(
      trainIds,
      source.shape,
      config.case,
      corruption,
      drawSeedOf(config.seed),
      k,
    );
    let skipped = encoderCache ? whyNoEncoderCache(model, source, config) : 'no cache given';
    let cache: RunEncoderCache | null = null;
    if (!skipped) {
      const dtype = config.encoderCache === 'float16' ? 'float16' : 'float32';
      cache = RunEncoderCache.prepare(model, source, draws, dtype, encoderCache!);
      if (!cache) skipped = 'the run’s entries do not fit under the cache’s byte bound';
    }
    return new DrawnCorruption(draws, cache, skipped, trainIds);
  }

  get cacheReport(): CacheReport | null {
    return this.cache?.report ?? null;
  }

  /** One draw per train position for an epoch, from the run RNG (k − 1 = 0 draws nothing). */
  pickDraws(rng: Rng): Uint8Array {
    const k = this.draws.count;
    const out = new Uint8Array(this.position.size);
    if (k > 1) for (let i = 0; i < out.length; i++) out[i] = rng.int(0, k - 1);
    return out;
  }

  private rowDraws(sampleIds: Int32Array, epochDraws: Uint8Array): Uint8Array {
    return Uint8Array.from(sampleIds, (id) => {
      const pos = this.position.get(id);
      if (pos === undefined) throw new Error(`corruption draws: sample ${id} is not in train`);
      return epochDraws[pos]!;
    });
  }

  /**
   * The rows corrupted each by its epoch draw. With the encoder cache the inputs come back
   * untouched: the cached content already holds the corruption, and nothing reads the inputs.
   */
  corrupt(batch: FeatureArrays, sampleIds: Int32Array, epochDraws: Uint8Array): CorruptionResult {
    if (this.cache) {
      const none = new Array(batch.size).fill(null);
      const { audio, visual } = batch;
      return {
        audio,
        visual,
        degraded: new Uint8Array(batch.size),
        audioApplied: none,
        visualApplied: none,
      };
    }
    return this.draws.apply(batch, sampleIds, this.rowDraws(sampleIds, epochDraws));
  }

  /** The rows' cached encoder content, when the cache is on. */
  encoded(sampleIds: Int32Array, epochDraws: Uint8Array): { encoded?: EncodedArrays } {
    if (!this.cache) return {};
    return { encoded: this.cache.encoded(sampleIds, this.rowDraws(sampleIds, epochDraws)) };
  }

  close(): void {
    this.cache?.close();
  }
}
