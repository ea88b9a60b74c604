import type { ModelConfig } from '@shared/domain/model';
import * as tf from '@tensorflow/tfjs';
import { adapt, addAdapterParams } from './adapter';
import { addAttentionParams, attend, project, selfAttention } from './attention';
import type { ForwardContext } from './context';
import { dropBranch } from './dropout';
import { addLoraParams } from './lora';
import { addMlpParams, mlp } from './mlp';
import { layerNorm } from './norm';
import type { ParamStore } from './params';

/** Params of a pre-norm transformer block at `site` (e.g. `audio_blocks.0`), with its extras. */
export function addBlockParams(params: ParamStore, c: ModelConfig, site: string): void {
  params.addNorm(`backbone.${site}.norm1`, c.dim);
  addAttentionParams(params, `${site}.attn`, c.dim);
  params.addNorm(`backbone.${site}.norm2`, c.dim);
  addMlpParams(params, `${site}.mlp`, c.dim, c.mlpRatio);
  addLoraParams(params, `${site}.attn.q`, c.dim, c.loraRank);
  addLoraParams(params, `${site}.attn.v`, c.dim, c.loraRank);
  addAdapterParams(params, `${site}.attn`, c.dim, c.adapterBottleneck);
  addAdapterParams(params, `${site}.mlp`, c.dim, c.adapterBottleneck);
}

export const norm = (ctx: ForwardContext, name: string, x: tf.Tensor) =>
  layerNorm(
    x,
    ctx.params.get(`backbone.${name}.weight`),
    ctx.params.get(`backbone.${name}.bias`),
    ctx.config.normEps,
  );

/**
 * Which norms a joint block applies: the joint ones, or (config.modalityNorms) one modality's
 * own `audio_norm1` / `visual_norm2` … when that modality passes alone.
 */
export type NormSet = 'joint' | 'audio' | 'visual';

export const normPrefix = (ctx: ForwardContext, set: NormSet): string =>
  set !== 'joint' && ctx.config.modalityNorms ? `${set}_` : '';

/** x [B, L, d] → x + attn(norm1 x) → + mlp(norm2 x), adapters after each when active. */
export function block(
  ctx: ForwardContext,
  site: string,
  x: tf.Tensor,
  norms: NormSet = 'joint',
): tf.Tensor {
  const n = `${site}.${normPrefix(ctx, norms)}`;
  const h = x.add(
    dropBranch(
      ctx,
      adapt(ctx, `${site}.attn`, selfAttention(ctx, `${site}.attn`, norm(ctx, `${n}norm1`, x))),
    ),
  );
  return h.add(
    dropBranch(ctx, adapt(ctx, `${site}.mlp`, mlp(ctx, `${site}.mlp`, norm(ctx, `${n}norm2`, h)))),
  );
}

/** Keys and values of a readonly block's content [B, N, d]: what prompts read at that block. */
export interface ContentKeys {
  normed: tf.Tensor; // norm1(content) [B, N, d]
  k: tf.Tensor;
  v: tf.Tensor;
}

export function contentKeys(ctx: ForwardContext, site: string, content: tf.Tensor): ContentKeys {
  const attn = `${site}.attn`;
  const normed = norm(ctx, `${site}.norm1`, content);
  return { normed, k: project(ctx, attn, 'k', normed), v: project(ctx, attn, 'v', normed) };
}

/** Residual attention output, then the MLP: the tail that content and prompts share. */
function finishBlock(ctx: ForwardContext, site: string, x: tf.Tensor, a: tf.Tensor): tf.Tensor {
  const attn = `${site}.attn`;
  const h = x.add(dropBranch(ctx, adapt(ctx, attn, project(ctx, attn, 'proj', a))));
  return h.add(
    dropBranch(
      ctx,
      adapt(ctx, `${site}.mlp`, mlp(ctx, `${site}.mlp`, norm(ctx, `${site}.norm2`, h))),
    ),
  );
}

/** The content half of a readonly block: content [B, N, d] attends to content only. */
export function readonlyContentStep(
  ctx: ForwardContext,
  site: string,
  content: tf.Tensor,
  keys: ContentKeys,
): tf.Tensor {
  const q = project(ctx, `${site}.attn`, 'q', keys.normed);
  return finishBlock(ctx, site, content, attend(q, keys.k, keys.v, ctx.config.heads).out);
}

/**
 * The prompt half of a readonly block: prompts [B, P, d] attend to [prompts ; content]. Needs
 * only the content's keys and values, which is why the encoder cache stores each block's input.
 */
export function readonlyPromptStep(
  ctx: ForwardContext,
  site: string,
  prompts: tf.Tensor,
  keys: ContentKeys,
): tf.Tensor {
  const attn = `${site}.attn`;
  const pn = norm(ctx, `${site}.norm1`, prompts);
  const promptAttn = attend(
    project(ctx, attn, 'q', pn),
    tf.concat([project(ctx, attn, 'k', pn), keys.k], 1), // [B, P + N, d]
    tf.concat([project(ctx, attn, 'v', pn), keys.v], 1),
    ctx.config.heads,
  ).out;
  return finishBlock(ctx, site, prompts, promptAttn);
}

/**
 * The `readonly` input-prompt mode of a block: content [B, N, d] attends to content only, prompts
 * [B, P, d] attend to [prompts ; content]. Content outputs therefore never depend on prompts,
 * and with a frozen backbone the tape has nothing to differentiate on the content path.
 */
export function blockReadonly(
  ctx: ForwardContext,
  site: string,
  content: tf.Tensor,
  prompts: tf.Tensor,
): { content: tf.Tensor; prompts: tf.Tensor } {
  const keys = contentKeys(ctx, site, content);
  return {
    content: readonlyContentStep(ctx, site, content, keys),
    prompts: readonlyPromptStep(ctx, site, prompts, keys),
  };
}
