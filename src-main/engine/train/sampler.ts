import type { FeatureSource } from '@shared/domain/features';
import type { Sampler } from '@shared/domain/training';
import type { Rng } from '../rng';

/**
 * Draws each epoch's order of train-split positions (indices into the train split) from the run
 * RNG, whose state checkpoints carry, so a resumed run draws what the uninterrupted one did.
 */
export interface EpochSampler {
  draw(rng: Rng): Int32Array;
}

/** Every sample once, in a seeded random order: what training always did. */
export const uniformSampler = (size: number): EpochSampler => ({
  draw: (rng) => rng.permutation(size),
});

/**
 * Weight of each train sample for the balanced sampler: Σ over its labels of 1 / (how many
 * train samples have that label), AudioSet-style. Single-label: 1 / its class's count.
 */
export function balancedWeights(
  labelSets: readonly (readonly number[])[],
  classes: number,
): Float64Array {
  const frequency = new Float64Array(classes);
  for (const labels of labelSets) for (const c of labels) frequency[c]! += 1;
  return Float64Array.from(labelSets, (labels, i) => {
    if (labels.length === 0) throw new Error(`balanced sampler: train sample ${i} has no label`);
    let w = 0;
    for (const c of labels) w += 1 / frequency[c]!;
    return w;
  });
}

/**
 * As many draws per epoch as the train split has samples, with replacement, each sample with
 * probability weight / Σ weights (inverse-CDF sampling over the cumulative weights).
 */
export function weightedSampler(weights: Float64Array): EpochSampler {
  const cumulative = new Float64Array(weights.length);
  let total = 0;
  weights.forEach((w, i) => {
    total += w;
    cumulative[i] = total;
  });
  return {
    draw(rng) {
      const out = new Int32Array(weights.length);
      for (let k = 0; k < out.length; k++) {
        const u = rng.uniform() * total;
        // First position whose cumulative weight exceeds u.
        let lo = 0;
        let hi = cumulative.length - 1;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (cumulative[mid]! > u) hi = mid;
          else lo = mid + 1;
        }
        out[k] = lo;
      }
      return out;
    },
  };
}

/** The sampler a run's config asks for over its train split (`trainIdx`, sample indices). */
export function epochSampler(
  sampler: Sampler | undefined,
  source: FeatureSource,
  trainIdx: Int32Array,
): EpochSampler {
  if (sampler !== 'balanced') return uniformSampler(trainIdx.length);
  const labelsOf = source.labelsOf?.bind(source);
  if (!labelsOf)
    throw new Error(
      'training.sampler "balanced" needs a feature source that knows its labels (labelsOf)',
    );
  return weightedSampler(
    balancedWeights(
      Array.from(trainIdx, (i) => labelsOf(i)),
      source.classes.length,
    ),
  );
}
