import { readFileSync } from 'node:fs';
import type { ModelConfig } from '@shared/domain/model';
import { type LoadedCheckpoint, loadWeights } from '../../checkpoint/checkpoint';
import { decodePth, isZip } from '../../checkpoint/pth';
import { decodeSafetensors } from '../../checkpoint/safetensors';
import { modelConfigForPreset } from '../config';
import { AVModel } from '../model';
import { convertCavMae } from './convert';

export interface CavMaeOptions {
  /**
   * Attention heads: not recorded in a state dict (the fused qkv is the same for any split).
   * Default dim / 64, the ViT family's head width (ViT-B: 768 → 12, as CAV-MAE).
   */
  heads?: number;
  /** Classes of the new head of a pre-trained checkpoint (one without `mlp_head`); default 2. */
  numClasses?: number;
}

/** A CAV-MAE checkpoint in the engine's names, with the config its tensors imply. */
export interface CavMaeCheckpoint extends LoadedCheckpoint {
  /** Upstream names a classifier does not use, dropped on purpose. */
  ignored: string[];
  /** Pre-trained (`CAVMAE`, no `mlp_head`): the head is new, not loaded. */
  pretrained: boolean;
}

/** Reads a released CAV-MAE checkpoint, `.pth` (zip) or `.safetensors`, by its content. */
export function readCavMae(path: string, opts: CavMaeOptions = {}): CavMaeCheckpoint {
  const bytes = readFileSync(path);
  const raw = isZip(bytes) ? decodePth(bytes, path) : decodeSafetensors(bytes, path).tensors;
  const { tensors, ignored, dims } = convertCavMae(raw, path);
  const heads = opts.heads ?? dims.dim / 64;
  if (!Number.isInteger(heads) || dims.dim % heads !== 0)
    throw new Error(`${path}: width ${dims.dim} needs an explicit number of attention heads`);
  if (
    opts.numClasses !== undefined &&
    dims.numClasses !== null &&
    opts.numClasses !== dims.numClasses
  )
    throw new Error(
      `${path}: the checkpoint's head has ${dims.numClasses} classes, not ${opts.numClasses}`,
    );
  const config: ModelConfig = modelConfigForPreset('cav-mae', {
    dim: dims.dim,
    heads,
    mlpRatio: dims.mlpRatio,
    audioBlocks: dims.audioBlocks,
    visualBlocks: dims.visualBlocks,
    jointBlocks: dims.jointBlocks,
    audioPatch: dims.patch,
    imagePatch: dims.patch,
    numClasses: dims.numClasses ?? opts.numClasses ?? 2,
    audioFrames: (dims.audioTokens / (128 / dims.patch)) * dims.patch,
    melBins: 128,
    imageSize: dims.visualGrid * dims.patch,
    imageChannels: dims.imageChannels,
  });
  return {
    path,
    config,
    method: 'ft',
    trainCase: 'complete',
    tensors,
    extra: { source: 'cav-mae' },
    training: null,
    ignored,
    pretrained: dims.numClasses === null,
  };
}

/**
 * An engine model computing the checkpoint's function: backbone and (fine-tuned) head loaded
 * strictly, so a missing or misshaped tensor is an error naming it; a pre-trained checkpoint
 * gets a new head drawn from `seed`.
 */
export function modelFromCavMae(ckpt: CavMaeCheckpoint, seed = 0): AVModel {
  const model = new AVModel(ckpt.config, seed);
  try {
    loadWeights(model, ckpt, ckpt.pretrained ? ['backbone'] : ['backbone', 'head']);
  } catch (e) {
    model.dispose();
    throw e;
  }
  return model;
}
