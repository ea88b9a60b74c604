import { createHash } from 'node:crypto';
import type { ModelConfig } from '@shared/domain/model';
import type { Modality } from '../corruption-draws';
import type { AVModel } from '../model/model';

/** Bump when what an entry holds, or how it is computed, changes: old entries stop matching. */
export const ENCODER_CACHE_FORMAT = 1;

export type CacheDtype = 'float32' | 'float16';

/** Everything that decides the values of one cache entry: one modality of one draw of a split. */
export interface EncoderEntryKey {
  format: number;
  /** sha256 of the model's backbone weights (backboneHash). */
  backbone: string;
  /** The model config fields the modality's encoder output depends on (encoderConfig). */
  encoder: Record<string, unknown>;
  /** Dataset id and feature settings hash (the caller's name for the features). */
  data: string;
  /** sha256 of the train split's sample indices, in order: an entry's rows are that order. */
  samples: string;
  modality: Modality;
  /** What the case does to this modality (CorruptionDraws.modalityKey). */
  corruption: string;
  /** The draw, or null for a modality that is the same in every draw (clean). */
  draw: number | null;
  dtype: CacheDtype;
  /** Backend and matmul path: float32 content equals the uncached forward on the same path. */
  compute: string;
}

/** sha256 over the backbone's weights by name, shape and bytes (name order). */
export function backboneHash(model: AVModel): string {
  const hash = createHash('sha256');
  const params = model.params
    .all()
    .filter((p) => p.group === 'backbone')
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const p of params) {
    const values = p.variable.dataSync() as Float32Array;
    hash.update(`${p.name}:${p.variable.shape.join('x')}:${p.variable.dtype};`);
    hash.update(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  }
  return hash.digest('hex');
}

/**
 * The config fields one modality's encoder content depends on. Prompt lengths matter only
 * through whether input prompts exist (which layers are stored); the fusion, joint blocks and
 * head never reach the content.
 */
export function encoderConfig(c: ModelConfig, modality: Modality): Record<string, unknown> {
  const shared = {
    dim: c.dim,
    heads: c.heads,
    mlpRatio: c.mlpRatio,
    convStem: c.convStem,
    dropout: c.dropout,
    inputPrompts: c.inputPromptLength > 0,
    inputPromptMode: c.inputPromptLength > 0 ? c.inputPromptMode : null,
    // Only when not the defaults, so the keys of existing entries do not change. (Learned
    // positions are backbone weights, in the weights hash.)
    ...(c.normEps !== 1e-6 ? { normEps: c.normEps } : {}),
    ...(c.gelu !== 'tanh' ? { gelu: c.gelu } : {}),
  };
  return modality === 'audio'
    ? {
        ...shared,
        blocks: c.audioBlocks,
        patch: c.audioPatch,
        frames: c.audioFrames,
        mel: c.melBins,
      }
    : {
        ...shared,
        blocks: c.visualBlocks,
        patch: c.imagePatch,
        size: c.imageSize,
        channels: c.imageChannels,
      };
}

export function hashOfIds(ids: Int32Array): string {
  return createHash('sha256')
    .update(new Uint8Array(ids.buffer, ids.byteOffset, ids.byteLength))
    .digest('hex');
}

/** JSON with sorted keys at every level, so equal keys always serialise the same. */
export function canonicalKey(key: EncoderEntryKey): string {
  const sort = (v: unknown): unknown =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
            .map(([k, x]) => [k, sort(x)]),
        )
      : v;
  return JSON.stringify(sort(key));
}

/** The entry's directory name. */
export function entryId(key: EncoderEntryKey): string {
  return createHash('sha256').update(canonicalKey(key)).digest('hex').slice(0, 32);
}
