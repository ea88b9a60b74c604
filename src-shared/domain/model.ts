import { z } from 'zod';
import { InputPromptModeSchema } from './methods';

/**
 * Model size presets: `micro` for smoke tests and quick looks (seconds per epoch on a CPU),
 * `tiny` for a laptop CPU, `small`, and `base` = ViT-B dimensions for a GPU. `cav-mae` is the
 * layout of the released CAV-MAE checkpoints (ViT-B, 11 + 11 modality blocks, one unified block),
 * meant to be loaded from one rather than trained from scratch.
 */
export const PRESETS = ['micro', 'tiny', 'small', 'base', 'cav-mae'] as const;
export const PresetSchema = z.enum(PRESETS);
export type Preset = z.infer<typeof PresetSchema>;

const positive = z.number().int().positive();

/** Everything that fixes the shape of the audio-visual transformer. */
export const ModelConfigSchema = z.object({
  preset: PresetSchema,
  /** Embedding width d. */
  dim: positive,
  heads: positive,
  mlpRatio: z.number().positive(),
  audioBlocks: z.number().int().nonnegative(),
  visualBlocks: z.number().int().nonnegative(),
  fusionBlocks: z.number().int().nonnegative(),
  jointBlocks: z.number().int().nonnegative(),
  /** Audio input: filterbank frames × mel bins, cut into patchFrames × patchBins patches. */
  audioFrames: positive,
  melBins: positive,
  audioPatch: positive,
  /** Visual input: channels × size × size image, cut into patch × patch patches. */
  imageSize: positive,
  imageChannels: positive,
  imagePatch: positive,
  numClasses: positive,
  inputPromptLength: z.number().int().nonnegative(),
  attentionPromptLength: z.number().int().nonnegative(),
  inputPromptMode: InputPromptModeSchema,
  loraRank: positive,
  adapterBottleneck: positive,
  dropout: z.number().min(0).max(1),
  convStem: z.boolean().default(false),
  auxHeads: z.boolean().default(false),
  /** LayerNorm epsilon: 1e-6 for the engine's own models, PyTorch's default 1e-5 for CAV-MAE. */
  normEps: z.number().positive().default(1e-6),
  /** GELU as the tanh approximation (the engine's own models) or exact, with erf (CAV-MAE). */
  gelu: z.enum(['tanh', 'erf']).default('tanh'),
  /** Position embeddings as weights (`backbone.{audio,visual}_pos`, loaded) instead of sin-cos. */
  learnedPositions: z.boolean().default(false),
  /**
   * Per-modality norms in the joint blocks and after them, used when one modality passes alone
   * (CAV-MAE's unified block); without them single-modality modes use the joint norms.
   */
  modalityNorms: z.boolean().default(false),
  /** A LayerNorm on the pooled vector before the head's linear (CAV-MAE's `mlp_head`). */
  headNorm: z.boolean().default(false),
});
export type ModelConfig = z.infer<typeof ModelConfigSchema>;

/**
 * Which inputs a forward pass uses, in CAV-MAE's terms: both; one modality through the joint
 * blocks with its own norms (`audioonly`, `videoonly`); or, for a model trained on both and given
 * one, the mean of the pooled vectors with the joint and with the modality's norms
 * (`missingaudioonly` = only audio given, `missingvideoonly` = only video given).
 */
export const FORWARD_MODES = [
  'multimodal',
  'audioonly',
  'videoonly',
  'missingaudioonly',
  'missingvideoonly',
] as const;
export const ForwardModeSchema = z.enum(FORWARD_MODES);
export type ForwardMode = z.infer<typeof ForwardModeSchema>;

/** The forward mode `modality-mode` evaluation uses for each missing-modality case. */
export const MODALITY_MODE_OF_CASE = {
  missing_audio: 'missingvideoonly',
  missing_visual: 'missingaudioonly',
} as const satisfies Record<string, ForwardMode>;
export const MODALITY_MODE_CASES = Object.keys(
  MODALITY_MODE_OF_CASE,
) as (keyof typeof MODALITY_MODE_OF_CASE)[];

/**
 * Why a model cannot run CAV-MAE's missing-modality modes, or null when it can: they need the
 * modality norms of CAV-MAE's unified block, and no fusion block (cross-attention needs both).
 */
export function modalityModeRefusal(
  c: Pick<ModelConfig, 'modalityNorms' | 'fusionBlocks'>,
): string | null {
  if (!c.modalityNorms) return 'only an imported CAV-MAE backbone has missing-modality modes';
  if (c.fusionBlocks > 0)
    return `the model has ${c.fusionBlocks} fusion blocks, which need both modalities (set model.fusionBlocks to 0)`;
  return null;
}
