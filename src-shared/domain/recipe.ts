import { z } from 'zod';

/**
 * Label-preserving augmentations applied to the training split only (never to validation or
 * test). Each is a maximum: the per-sample amount is drawn from the run RNG.
 */
export const AugmentationSchema = z.strictObject({
  /** Largest delay (circular roll later in time) of the filterbank, as a share of its frames. */
  audioTimeShift: z.number().min(0).max(1).default(0),
  /** Largest masked span in time / in mel bins, as a share of the axis (SpecAugment style). */
  audioTimeMask: z.number().min(0).max(1).default(0),
  audioFreqMask: z.number().min(0).max(1).default(0),
  /** Largest time stretch (speaking rate): the time axis resampled by a factor in [1 − s, 1 + s]. */
  audioTimeStretch: z.number().min(0).max(0.9).default(0),
  /** Largest shift along the mel axis (voice pitch / vocal tract), as a share of the bins. */
  audioFreqShift: z.number().min(0).max(1).default(0),
  /** Largest level change (recording gain), in units of the normalised filterbank's std. */
  audioGain: z.number().min(0).max(10).default(0),
  /** Random crop after zero padding by this many pixels on each side. */
  imageCropPad: z.number().int().min(0).max(64).default(0),
});
export type Augmentation = z.infer<typeof AugmentationSchema>;

/**
 * How a run trains beyond its optimiser settings: the remedies that make a backbone trained from
 * scratch use both modalities (modality dropout, unimodal auxiliary heads, gradient modulation)
 * and augmentation. All off by default here; the scenario's defaults choose a working recipe.
 */
export const TrainingRecipeSchema = z.strictObject({
  /** Probability, per sample, that one modality (audio or visual, even odds) is zeroed. */
  modalityDropout: z.number().min(0).max(0.9).default(0),
  /** Weight of the unimodal auxiliary heads' losses (needs model.auxHeads). */
  auxLossWeight: z.number().min(0).max(10).default(0),
  /** On-the-fly gradient modulation (OGM-GE, Peng et al., CVPR 2022), with its alpha. */
  gradientModulation: z
    .strictObject({ method: z.literal('ogm-ge'), alpha: z.number().min(0).max(10) })
    .nullable()
    .default(null),
  augmentation: AugmentationSchema.default(AugmentationSchema.parse({})),
});
export type TrainingRecipe = z.infer<typeof TrainingRecipeSchema>;

export const NO_RECIPE: TrainingRecipe = TrainingRecipeSchema.parse({});

/**
 * The recipe a backbone trained from scratch should use, chosen from probes on AV-MNIST (speaker
 * split; src-main/engine/README.md has them; its own 3-seed confirmation at the tiny preset is
 * still to run). It needs a model built with
 * `convStem: true` and `auxHeads: true` (ScenarioModel flags). Half the training samples lose
 * one modality, both unimodal heads weigh as much as the main one, images are randomly
 * cropped. No audio augmentation: on AV-MNIST every one tried (time shift even delay-only,
 * stretch, frequency shift, gain, SpecAugment masks) lowered or left unchanged the audio-only
 * accuracy on unseen speakers (engine README). OGM-GE off.
 */
export const DEFAULT_BACKBONE_RECIPE: TrainingRecipe = TrainingRecipeSchema.parse({
  modalityDropout: 0.5,
  auxLossWeight: 1,
  gradientModulation: null,
  augmentation: { imageCropPad: 4 },
});
