import type { ForwardMode, ModelConfig } from '@shared/domain/model';
import type * as tf from '@tensorflow/tfjs';
import { block, type NormSet, norm, normPrefix } from './block';
import type { ForwardContext } from './context';
import { linear } from './linear';
import { layerNorm } from './norm';
import type { ParamStore } from './params';

/** The modality a single-modality mode reads (null: both). */
export function modeModality(mode: ForwardMode): 'audio' | 'visual' | null {
  if (mode === 'audioonly' || mode === 'missingaudioonly') return 'audio';
  if (mode === 'videoonly' || mode === 'missingvideoonly') return 'visual';
  return null;
}

/** Params of the options behind the modes and the head: per-modality norms, the head's norm. */
export function addModeParams(p: ParamStore, c: ModelConfig): void {
  if (c.modalityNorms) {
    for (let i = 0; i < c.jointBlocks; i++)
      for (const m of ['audio', 'visual'])
        for (const n of ['norm1', 'norm2'])
          p.addNorm(`backbone.joint_blocks.${i}.${m}_${n}`, c.dim);
    p.addNorm('backbone.audio_norm', c.dim);
    p.addNorm('backbone.visual_norm', c.dim);
  }
  if (c.headNorm) p.addNorm('head.norm', c.dim);
}

/**
 * Whether a param serves only the single-modality modes (the per-modality norms): training runs
 * the multimodal forward, which never reaches them, so they stay as loaded.
 */
export function singleModalityOnly(name: string): boolean {
  return /^backbone\.(joint_blocks\.\d+\.(audio|visual)_norm[12]|audio_norm|visual_norm)\./.test(
    name,
  );
}

/** Joint blocks over x [B, L, d] with one norm set, its final norm, mean over tokens → [B, d]. */
export function pooledStream(ctx: ForwardContext, x: tf.Tensor, norms: NormSet): tf.Tensor {
  let h = x;
  for (let i = 0; i < ctx.config.jointBlocks; i++) h = block(ctx, `joint_blocks.${i}`, h, norms);
  return norm(ctx, `${normPrefix(ctx, norms)}norm`, h).mean(1); // [B, d]
}

/**
 * The pooled vector of a single-modality mode from that modality's encoded stream: its own norms,
 * or for the `missing…` modes the mean of the joint-norm and own-norm pooled vectors.
 */
export function singleModalityPooled(
  ctx: ForwardContext,
  mode: ForwardMode,
  stream: tf.Tensor,
): tf.Tensor {
  const modality = modeModality(mode);
  if (!modality) throw new Error(`forward mode ${mode} uses both modalities`);
  const own = pooledStream(ctx, stream, modality);
  if (mode === 'audioonly' || mode === 'videoonly') return own;
  return pooledStream(ctx, stream, 'joint').add(own).div(2);
}

/** pooled [B, d] → logits [B, classes], through the head's LayerNorm when configured. */
export function classify(ctx: ForwardContext, pooled: tf.Tensor): tf.Tensor2D {
  const p = ctx.params;
  const x = ctx.config.headNorm
    ? layerNorm(pooled, p.get('head.norm.weight'), p.get('head.norm.bias'), ctx.config.normEps)
    : pooled;
  return linear(x, p.get('head.weight'), p.get('head.bias')) as tf.Tensor2D;
}
