import type { FeatureShape } from '@shared/domain/features';
import type { CorruptionResult, FeatureArrays } from '../corrupt';
import type { Rng } from '../rng';

/**
 * Modality dropout (TrainingRecipe.modalityDropout), training batches only: per sample, with
 * probability p, one modality — audio or visual at even odds — is replaced by zeros, exactly
 * what the `missing_*` cases do at test time. So the model learns to answer from either
 * modality alone instead of leaning on the easier one. A sample whose case already made one
 * modality missing is left alone: the other one is never dropped too.
 * Returns which modality each sample lost (null = kept both). Mutates `batch` in place.
 */
export function dropModalities(
  batch: FeatureArrays,
  shape: FeatureShape,
  p: number,
  rng: Rng,
  already?: Pick<CorruptionResult, 'audioApplied' | 'visualApplied'>,
): ('audio' | 'visual' | null)[] {
  const audioLen = shape.audioFrames * shape.melBins;
  const visualLen = shape.imageSize * shape.imageSize * shape.imageChannels;
  const dropped: ('audio' | 'visual' | null)[] = new Array(batch.size).fill(null);
  for (let s = 0; s < batch.size; s++) {
    // Both draws happen for every sample, so one sample's outcome never shifts the next's.
    const drop = rng.uniform() < p;
    const which = rng.uniform() < 0.5 ? 'audio' : 'visual';
    if (!drop) continue;
    if (already?.audioApplied[s] === 'missing' || already?.visualApplied[s] === 'missing') continue;
    if (which === 'audio') batch.audio.fill(0, s * audioLen, (s + 1) * audioLen);
    else batch.visual.fill(0, s * visualLen, (s + 1) * visualLen);
    dropped[s] = which;
  }
  return dropped;
}
