import type { FeatureSource } from '@shared/domain/features';
import type { TrainingConfig } from '@shared/domain/training';
import { isAugmenting } from '../augment';
import type { AVModel } from '../model/model';

/**
 * Why a run's frozen-encoder content cannot be cached (null when it can): it must be PL over a
 * frozen backbone whose modality encoders never see the prompts (readonly mode, or no input
 * prompts), with nothing drawn per step before or inside the encoders (augmentation, modality
 * dropout, model dropout, a video frame), and with fixed per-sample corruption draws.
 */
export function whyNoEncoderCache(
  model: AVModel,
  source: Pick<FeatureSource, 'framesPerSample'>,
  config: TrainingConfig,
): string | null {
  if (config.encoderCache === 'off') return 'turned off (encoderCache: off)';
  // The cache holds one image per sample; training draws one of k video frames per step.
  if ((source.framesPerSample ?? 1) > 1)
    return `training draws one of ${source.framesPerSample} video frames per sample`;
  if (config.method !== 'pl') return `only PL runs are cached (this is ${config.method})`;
  if (!config.corruptionDraws) return 'needs corruptionDraws (fixed per-sample corruptions)';
  if (isAugmenting(config.recipe.augmentation)) return 'the recipe augments the inputs';
  if (config.recipe.modalityDropout > 0) return 'the recipe drops modalities';
  return model.contentIndependentOfTraining();
}
