import type { Method } from '@shared/domain/methods';
import type { ModelConfig } from '@shared/domain/model';
import { tokenGrids } from './config';
import { embedInputWidth, stemChannels } from './conv-stem';
import type { ParamCounts } from './model';

/** Weights of both convolutional stems (3×3 kernels), 0 without. */
function stemParams(c: ModelConfig): number {
  if (!c.convStem) return 0;
  let n = 0;
  for (const inChannels of [1, c.imageChannels]) {
    let cin = inChannels;
    for (const cout of stemChannels(c.dim)) {
      n += 9 * cin * cout + cout;
      cin = cout;
    }
  }
  return n;
}

/**
 * Closed-form parameter counts of a config, without building it (the UI shows them for `base`
 * before a GPU run). Pinned against the built model in tests.
 */
export function countParams(c: ModelConfig, method: Method): ParamCounts {
  const d = c.dim;
  const hidden = Math.round(d * c.mlpRatio);
  const lin = (i: number, o: number) => i * o + o;
  const attn = 4 * lin(d, d);
  const mlp = lin(d, hidden) + lin(hidden, d);
  const norm = 2 * d;
  const block = 2 * norm + attn + mlp;
  const fusion = 2 * (2 * norm + attn + mlp);
  const modalityBlocks = c.audioBlocks + c.visualBlocks + c.jointBlocks;
  const auxHeads = c.auxHeads ? 2 * (norm + lin(d, c.numClasses)) : 0;
  const grids = tokenGrids(c);
  const positions = c.learnedPositions
    ? (grids.audio[0] * grids.audio[1] + grids.visual[0] * grids.visual[1]) * d
    : 0;
  // Per-modality norm1/norm2 of each joint block, and per-modality final norms.
  const modalityNorms = c.modalityNorms ? (4 * c.jointBlocks + 2) * norm : 0;
  const backbone =
    stemParams(c) +
    lin(embedInputWidth(c, c.audioPatch, 1), d) +
    lin(embedInputWidth(c, c.imagePatch, c.imageChannels), d) +
    2 * d +
    auxHeads +
    modalityBlocks * block +
    c.fusionBlocks * fusion +
    norm +
    positions +
    modalityNorms;
  const head = lin(d, c.numClasses) + (c.headNorm ? norm : 0);
  const attentionSites = modalityBlocks + 2 * c.fusionBlocks;
  const lora = attentionSites * 2 * (2 * d * c.loraRank);
  const adapterOne = lin(d, c.adapterBottleneck) + lin(c.adapterBottleneck, d);
  const adapter = (modalityBlocks * 2 + c.fusionBlocks * 4) * adapterOne;
  const promptSet = 2 * c.inputPromptLength * d + c.fusionBlocks * 2 * c.attentionPromptLength * d;
  // The single-modality norms are never trained (model.ts setMethod).
  switch (method) {
    case 'ft':
      return { total: backbone + head, trainable: backbone + head - modalityNorms };
    case 'pl':
      return { total: backbone + head + 6 * promptSet, trainable: promptSet };
    case 'lora':
      return { total: backbone + head + lora, trainable: lora + head };
    case 'adapter':
      return { total: backbone + head + adapter, trainable: adapter + head };
    case 'linear':
      return { total: backbone + head, trainable: head };
  }
}
