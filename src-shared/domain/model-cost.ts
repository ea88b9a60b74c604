import type { ModelConfig } from './model';

/**
 * Multiply-adds ×2 of one sample's forward pass through the matrix products (patch embeddings,
 * projections, MLPs, attention scores and mixing), the part that dominates a transformer's time;
 * norms, softmax, prompts and the head are left out. A training step costs about 3× this (the
 * backward pass computes two products per forward one).
 */
export function forwardFlopsPerSample(c: ModelConfig): number {
  const d = c.dim;
  const audioTokens = Math.ceil(c.audioFrames / c.audioPatch) * Math.ceil(c.melBins / c.audioPatch);
  const visualTokens = Math.ceil(c.imageSize / c.imagePatch) ** 2;
  // q, k, v, out projections (4d²) and the MLP (2·ratio·d²) per token; scores and mixing 2·N·d.
  const block = (n: number) => 2 * n * d * d * (4 + 2 * c.mlpRatio) + 4 * n * n * d;
  // Cross-attention both ways: each stream's queries read the other's keys and values.
  const fusion =
    2 * (audioTokens + visualTokens) * d * d * (4 + 2 * c.mlpRatio) +
    8 * audioTokens * visualTokens * d;
  const embed =
    2 * audioTokens * c.audioPatch ** 2 * d +
    2 * visualTokens * c.imagePatch ** 2 * c.imageChannels * d;
  return (
    embed +
    c.audioBlocks * block(audioTokens) +
    c.visualBlocks * block(visualTokens) +
    c.fusionBlocks * fusion +
    c.jointBlocks * block(audioTokens + visualTokens)
  );
}
