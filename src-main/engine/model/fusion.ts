import type { ModelConfig } from '@shared/domain/model';
import * as tf from '@tensorflow/tfjs';
import type { NamedArray } from '../checkpoint/safetensors';
import { adapt, addAdapterParams } from './adapter';
import { addAttentionParams, attend, project } from './attention';
import type { ForwardContext } from './context';
import { dropBranch } from './dropout';
import { addLoraParams } from './lora';
import { addMlpParams, mlp } from './mlp';
import { layerNorm } from './norm';
import type { ParamStore } from './params';

/**
 * Fusion block `fusion_blocks.i`: `a2v` = audio queries over visual keys, `v2a` = the reverse,
 * each followed by its modality's MLP.
 */
export function addFusionParams(params: ParamStore, c: ModelConfig, i: number): void {
  const site = `fusion_blocks.${i}`;
  for (const m of ['audio', 'visual']) {
    params.addNorm(`backbone.${site}.${m}_norm1`, c.dim);
    params.addNorm(`backbone.${site}.${m}_norm2`, c.dim);
    addMlpParams(params, `${site}.${m}_mlp`, c.dim, c.mlpRatio);
    addAdapterParams(params, `${site}.${m}_mlp`, c.dim, c.adapterBottleneck);
  }
  for (const dir of ['a2v', 'v2a']) {
    addAttentionParams(params, `${site}.${dir}`, c.dim);
    addLoraParams(params, `${site}.${dir}.q`, c.dim, c.loraRank);
    addLoraParams(params, `${site}.${dir}.v`, c.dim, c.loraRank);
    addAdapterParams(params, `${site}.${dir}`, c.dim, c.adapterBottleneck);
  }
}

export interface FusionPrompts {
  /** Attention-level prompts [B, P, d] joining the audio keys (read by visual queries). */
  audio: tf.Tensor | null;
  /** … joining the visual keys (read by audio queries). */
  visual: tf.Tensor | null;
}

/**
 * Bidirectional cross-attention: audio queries over [visual prompts ; visual tokens] and visual
 * queries over [audio prompts ; audio tokens], each with a residual, then a residual MLP per
 * modality. `inputPromptKeys` counts the encoded input prompts at the front of each stream,
 * so captured maps can tell prompt columns from content columns.
 */
export function fusionBlock(
  ctx: ForwardContext,
  i: number,
  audio: tf.Tensor,
  visual: tf.Tensor,
  prompts: FusionPrompts,
  inputPromptKeys: { audio: number; visual: number },
): { audio: tf.Tensor; visual: tf.Tensor } {
  const site = `fusion_blocks.${i}`;
  const norm = (name: string, x: tf.Tensor) =>
    layerNorm(
      x,
      ctx.params.get(`backbone.${site}.${name}.weight`),
      ctx.params.get(`backbone.${site}.${name}.bias`),
      ctx.config.normEps,
    );
  const an = norm('audio_norm1', audio); // [B, La, d]
  const vn = norm('visual_norm1', visual); // [B, Lv, d]
  const keysFor = (p: tf.Tensor | null, x: tf.Tensor) => (p ? tf.concat([p, x], 1) : x); // [B, P + L, d]
  const cross = (dir: 'a2v' | 'v2a', q: tf.Tensor, kv: tf.Tensor, promptKeys: number) => {
    const s = `${site}.${dir}`;
    const keep = ctx.capture !== undefined;
    const { out, probs } = attend(
      project(ctx, s, 'q', q),
      project(ctx, s, 'k', kv),
      project(ctx, s, 'v', kv),
      ctx.config.heads,
      keep,
    );
    if (probs && ctx.capture) {
      ctx.capture.push({
        block: i,
        direction: dir === 'a2v' ? 'audio_to_visual' : 'visual_to_audio',
        probs: tf.keep(probs),
        promptKeys,
      });
    }
    return dropBranch(ctx, adapt(ctx, s, project(ctx, s, 'proj', out)));
  };
  const visualPromptKeys = (prompts.visual?.shape[1] ?? 0) + inputPromptKeys.visual;
  const audioPromptKeys = (prompts.audio?.shape[1] ?? 0) + inputPromptKeys.audio;
  let a = audio.add(cross('a2v', an, keysFor(prompts.visual, vn), visualPromptKeys));
  let v = visual.add(cross('v2a', vn, keysFor(prompts.audio, an), audioPromptKeys));
  a = a.add(
    dropBranch(
      ctx,
      adapt(ctx, `${site}.audio_mlp`, mlp(ctx, `${site}.audio_mlp`, norm('audio_norm2', a))),
    ),
  );
  v = v.add(
    dropBranch(
      ctx,
      adapt(ctx, `${site}.visual_mlp`, mlp(ctx, `${site}.visual_mlp`, norm('visual_norm2', v))),
    ),
  );
  return { audio: a, visual: v };
}

/**
 * Makes fusion blocks `from`..`to − 1` compute the identity: the output projections of both
 * cross-attentions and the second layer of both MLPs start at zero, so each residual branch adds
 * nothing. How fusion blocks join an imported backbone that has none: the model computes the
 * checkpoint's function exactly until training moves those weights (their gradients are not
 * zero: ∂L/∂W = inputᵀ · ∂L/∂out).
 */
export function initFusionAsIdentity(params: ParamStore, from: number, to: number): void {
  for (let i = from; i < to; i++) {
    const site = `backbone.fusion_blocks.${i}`;
    for (const layer of ['a2v.proj', 'v2a.proj', 'audio_mlp.fc2', 'visual_mlp.fc2']) {
      for (const part of ['weight', 'bias']) {
        const { variable } = params.get(`${site}.${layer}.${part}`);
        tf.tidy(() => variable.assign(tf.zerosLike(variable)));
      }
    }
  }
}

/**
 * `tensors` (a checkpoint's) plus the model's current values of the fusion blocks it lacks: what
 * lets a strict load of an imported backbone keep the identity-initialised new blocks.
 */
export function withModelFusionBlocks(
  params: ParamStore,
  tensors: ReadonlyMap<string, NamedArray>,
): Map<string, NamedArray> {
  const merged = new Map(tensors);
  for (const p of params.all()) {
    if (!p.name.startsWith('backbone.fusion_blocks.') || merged.has(p.name)) continue;
    merged.set(p.name, {
      shape: [...p.variable.shape],
      data: p.variable.dataSync() as Float32Array,
    });
  }
  return merged;
}
