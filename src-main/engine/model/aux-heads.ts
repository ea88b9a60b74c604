import type { ModelConfig } from '@shared/domain/model';
import type * as tf from '@tensorflow/tfjs';
import type { ForwardContext } from './context';
import { linear } from './linear';
import { layerNorm } from './norm';
import type { ParamStore } from './params';

/**
 * Unimodal auxiliary heads (`config.auxHeads`): LayerNorm → mean pool → linear on each
 * modality's stream right after its own modality blocks, before fusion. There, the audio
 * stream has seen no visual token, so the audio head's loss can only be lowered by the audio
 * encoder itself: it forces each encoder to be discriminative alone, which is what a missing
 * or noisy other modality needs. (After fusion, each stream already carries the other
 * modality through cross-attention and the head could lean on it.) Training only; the main
 * head is what evaluation uses. In the `backbone` group: they train with the backbone (FT) and
 * stay frozen under PL, LoRA and Adapter.
 */
export function addAuxHeadParams(params: ParamStore, c: ModelConfig): void {
  if (!c.auxHeads) return;
  for (const m of ['audio', 'visual'] as const) {
    params.addNorm(`backbone.${m}_aux_norm`, c.dim);
    params.addLinear(`backbone.${m}_aux_head`, c.dim, c.numClasses);
  }
}

/** Whether a param belongs to an auxiliary head (they learn only from their own loss). */
export function isAuxHeadParam(name: string): boolean {
  return /^backbone\.(audio|visual)_aux_(norm|head)\./.test(name);
}

/** stream [B, P + N, d] (P input prompts first) → logits [B, classes] from its N patch tokens. */
export function auxLogits(
  ctx: ForwardContext,
  modality: 'audio' | 'visual',
  stream: tf.Tensor,
  promptTokens: number,
): tf.Tensor2D {
  const [B, L, d] = stream.shape as [number, number, number];
  const tokens =
    promptTokens > 0 ? stream.slice([0, promptTokens, 0], [B, L - promptTokens, d]) : stream; // [B, N, d]
  const p = ctx.params;
  const normed = layerNorm(
    tokens,
    p.get(`backbone.${modality}_aux_norm.weight`),
    p.get(`backbone.${modality}_aux_norm.bias`),
    ctx.config.normEps,
  );
  return linear(
    normed.mean(1), // [B, d]
    p.get(`backbone.${modality}_aux_head.weight`),
    p.get(`backbone.${modality}_aux_head.bias`),
  ) as tf.Tensor2D;
}
