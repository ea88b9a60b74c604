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

const norm = (ctx: ForwardContext, name: string, x: tf.Tensor) =>
  layerNorm(x, ctx.params.get(`backbone.${name}.weight`), ctx.params.get(`backbone.${name}.bias`));

/** x [B, L, d] → x + attn(norm1 x) → + mlp(norm2 x), adapters after each when active. */
export function block(ctx: ForwardContext, site: string, x: tf.Tensor): tf.Tensor {
  const h = x.add(
    dropBranch(
      ctx,
      adapt(ctx, `${site}.attn`, selfAttention(ctx, `${site}.attn`, norm(ctx, `${site}.norm1`, x))),
    ),
  );
  return h.add(
    dropBranch(
      ctx,
      adapt(ctx, `${site}.mlp`, mlp(ctx, `${site}.mlp`, norm(ctx, `${site}.norm2`, h))),
    ),
  );
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
  const attn = `${site}.attn`;
  const cn = norm(ctx, `${site}.norm1`, content);
  const pn = norm(ctx, `${site}.norm1`, prompts);
  const kc = project(ctx, attn, 'k', cn);
  const vc = project(ctx, attn, 'v', cn);
  const heads = ctx.config.heads;
  const contentAttn = attend(project(ctx, attn, 'q', cn), kc, vc, heads).out;
  const promptAttn = attend(
    project(ctx, attn, 'q', pn),
    tf.concat([project(ctx, attn, 'k', pn), kc], 1), // [B, P + N, d]
    tf.concat([project(ctx, attn, 'v', pn), vc], 1),
    heads,
  ).out;
  const finish = (x: tf.Tensor, a: tf.Tensor) => {
    const h = x.add(dropBranch(ctx, adapt(ctx, attn, project(ctx, attn, 'proj', a))));
    return h.add(
      dropBranch(
        ctx,
        adapt(ctx, `${site}.mlp`, mlp(ctx, `${site}.mlp`, norm(ctx, `${site}.norm2`, h))),
      ),
    );
  };
  return { content: finish(content, contentAttn), prompts: finish(prompts, promptAttn) };
}
