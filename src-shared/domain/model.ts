import { z } from 'zod';
import { InputPromptModeSchema } from './methods';

/**
 * Model size presets: `micro` for smoke tests and quick looks (seconds per epoch on a CPU),
 * `tiny` for a laptop CPU, `small`, and `base` = ViT-B dimensions for a GPU.
 */
export const PRESETS = ['micro', 'tiny', 'small', 'base'] as const;
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
});
export type ModelConfig = z.infer<typeof ModelConfigSchema>;
