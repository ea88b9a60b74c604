import { type ModelConfig, ModelConfigSchema, type Preset } from '@shared/domain/model';
import { checkStemConfig } from './conv-stem';

/** Options a preset may set; the rest keep the schema's defaults (the engine's own models). */
type PresetOptions = 'normEps' | 'gelu' | 'learnedPositions' | 'modalityNorms' | 'headNorm';

type PresetDims = Omit<
  ModelConfig,
  | 'preset'
  | 'numClasses'
  | 'audioFrames'
  | 'melBins'
  | 'imageSize'
  | 'imageChannels'
  | 'convStem'
  | 'auxHeads'
  | PresetOptions
> &
  Partial<Pick<ModelConfig, PresetOptions>>;

/**
 * Size presets. `tiny` is the PERF-NOTES shape for a 2-core CPU; `base` has ViT-B dimensions
 * (d = 768, 12 heads, MLP ×4) and about ViT-B's size (~92 M with 5 + 5 modality blocks, one
 * fusion block — two blocks' worth of weights — and one joint block), like the reference's 86 M.
 */
export const PRESET_DIMS: Record<Preset, PresetDims> = {
  // Coarse patches (16 audio + 16 visual tokens on 128×128 / 64×64 inputs) and width 32: for
  // test suites and a first look at a dataset, not for results.
  micro: {
    dim: 32,
    heads: 2,
    mlpRatio: 2,
    audioBlocks: 1,
    visualBlocks: 1,
    fusionBlocks: 1,
    jointBlocks: 1,
    audioPatch: 32,
    imagePatch: 16,
    inputPromptLength: 4,
    attentionPromptLength: 4,
    inputPromptMode: 'deep',
    loraRank: 4,
    adapterBottleneck: 8,
    dropout: 0,
  },
  tiny: {
    dim: 128,
    heads: 4,
    mlpRatio: 4,
    audioBlocks: 2,
    visualBlocks: 2,
    fusionBlocks: 1,
    jointBlocks: 1,
    audioPatch: 16,
    imagePatch: 8,
    inputPromptLength: 8,
    attentionPromptLength: 8,
    inputPromptMode: 'deep',
    loraRank: 8,
    adapterBottleneck: 16,
    dropout: 0,
  },
  small: {
    dim: 384,
    heads: 6,
    mlpRatio: 4,
    audioBlocks: 4,
    visualBlocks: 4,
    fusionBlocks: 2,
    jointBlocks: 2,
    audioPatch: 16,
    imagePatch: 16,
    inputPromptLength: 8,
    attentionPromptLength: 8,
    inputPromptMode: 'deep',
    loraRank: 8,
    adapterBottleneck: 32,
    dropout: 0,
  },
  base: {
    dim: 768,
    heads: 12,
    mlpRatio: 4,
    audioBlocks: 5,
    visualBlocks: 5,
    fusionBlocks: 1,
    jointBlocks: 1,
    audioPatch: 16,
    imagePatch: 16,
    inputPromptLength: 16,
    attentionPromptLength: 16,
    inputPromptMode: 'deep',
    loraRank: 16,
    adapterBottleneck: 64,
    dropout: 0,
  },
  // The released CAV-MAE checkpoints' layout (ViT-B; model/cav-mae/): 11 + 11 modality blocks and
  // one unified block, no fusion blocks, with its own norms, exact GELU and learned positions.
  // Inputs must be CAV_MAE_INPUT's shape, the grid the position embeddings were trained on.
  'cav-mae': {
    dim: 768,
    heads: 12,
    mlpRatio: 4,
    audioBlocks: 11,
    visualBlocks: 11,
    fusionBlocks: 0,
    jointBlocks: 1,
    audioPatch: 16,
    imagePatch: 16,
    inputPromptLength: 16,
    attentionPromptLength: 16,
    inputPromptMode: 'deep',
    loraRank: 16,
    adapterBottleneck: 64,
    dropout: 0,
    normEps: 1e-5,
    gelu: 'erf',
    learnedPositions: true,
    modalityNorms: true,
    headNorm: true,
  },
};

/** The input shape of the released CAV-MAE models: 1024 frames × 128 mel bins, 3 × 224 × 224. */
export const CAV_MAE_INPUT = { audioFrames: 1024, melBins: 128, imageSize: 224, imageChannels: 3 };

export interface PresetOverrides extends Partial<ModelConfig> {
  numClasses: number;
  audioFrames: number;
  melBins: number;
  imageSize: number;
  imageChannels: number;
}

/** A validated ModelConfig: the preset's dims, the data's shape, then any explicit override. */
export function modelConfigForPreset(preset: Preset, overrides: PresetOverrides): ModelConfig {
  const config = ModelConfigSchema.parse({ ...PRESET_DIMS[preset], preset, ...overrides });
  if (config.dim % config.heads !== 0)
    throw new Error(`model config: dim ${config.dim} is not divisible by heads ${config.heads}`);
  checkStemConfig(config);
  return config;
}

/** Token grid of each modality; inputs not divisible by the patch are zero-padded up. */
export function tokenGrids(c: ModelConfig): { audio: [number, number]; visual: [number, number] } {
  return {
    audio: [Math.ceil(c.audioFrames / c.audioPatch), Math.ceil(c.melBins / c.audioPatch)],
    visual: [Math.ceil(c.imageSize / c.imagePatch), Math.ceil(c.imageSize / c.imagePatch)],
  };
}
