import { describe, expect, it } from 'vitest';
import { type ModelConfig, ModelConfigSchema } from './model';
import { forwardFlopsPerSample } from './model-cost';

const base: ModelConfig = ModelConfigSchema.parse({
  preset: 'micro',
  dim: 8,
  heads: 2,
  mlpRatio: 2,
  audioBlocks: 0,
  visualBlocks: 0,
  fusionBlocks: 0,
  jointBlocks: 0,
  audioFrames: 8,
  melBins: 4,
  audioPatch: 4,
  imageSize: 8,
  imageChannels: 3,
  imagePatch: 4,
  numClasses: 2,
  inputPromptLength: 0,
  attentionPromptLength: 0,
  inputPromptMode: 'deep',
  loraRank: 1,
  adapterBottleneck: 1,
  dropout: 0,
});

describe('forwardFlopsPerSample', () => {
  // 2 audio tokens (8/4 × 4/4) and 4 visual tokens (8/4 squared), width 8.
  const embed = 2 * 2 * 16 * 8 + 2 * 4 * 48 * 8; // patch² (×3 channels) → d, per token
  it('counts the patch embeddings', () => {
    expect(forwardFlopsPerSample(base)).toBe(embed);
  });

  it('adds per block 2·N·d²·(4 + 2·ratio) for projections and MLP and 4·N²·d for attention', () => {
    const audioBlock = 2 * 2 * 64 * 8 + 4 * 4 * 8;
    const jointBlock = 2 * 6 * 64 * 8 + 4 * 36 * 8;
    expect(forwardFlopsPerSample({ ...base, audioBlocks: 3, jointBlocks: 1 })).toBe(
      embed + 3 * audioBlock + jointBlock,
    );
  });

  it('counts a fusion block as both streams projected and each reading the other', () => {
    const fusion = 2 * 6 * 64 * 8 + 8 * 2 * 4 * 8;
    expect(forwardFlopsPerSample({ ...base, fusionBlocks: 2 })).toBe(embed + 2 * fusion);
  });
});
