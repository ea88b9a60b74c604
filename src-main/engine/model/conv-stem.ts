import type { ModelConfig } from '@shared/domain/model';
import type * as tf from '@tensorflow/tfjs';
import type { ForwardContext } from './context';
import { type ConvGeometry, convOutputSize, im2col } from './im2col';
import { linear } from './linear';
import type { ParamStore } from './params';
import { relu } from './relu';

/**
 * Convolutional stem (Xiao et al., "Early convolutions help transformers see better", 2021):
 * before the patch projection, STEM_LAYERS 3×3 stride-2 convolutions + ReLU per modality, so
 * the tokens start from local, overlapping features instead of raw pixels — small-data ViTs
 * learn far better that way. Each halves the resolution, so the patch projection then takes
 * patches of p / 2^STEM_LAYERS over the stem's last channels and the token grid is unchanged.
 * ReLU (as in Xiao et al.) rather than GELU, and a narrow first layer, because the stem's
 * activations are the largest of the model: with GELU and 16 first-layer channels the tiny
 * preset trained ~30 % slower, with these ~10 % (engine README).
 */
export const STEM_LAYERS = 2;
const GEOMETRY: ConvGeometry = { kernel: 3, stride: 2, pad: 1 };
const SHRINK = 2 ** STEM_LAYERS;

/** Output channels of each stem layer: d/16 then d/4 (8, 32 at the tiny preset's d = 128). */
export function stemChannels(dim: number): number[] {
  return [Math.max(8, dim / 16), Math.max(16, dim / 4)].map(Math.round);
}

/** Side of the patch the projection sees: p without a stem, p / 2^STEM_LAYERS with one. */
export function projectedPatch(c: ModelConfig, patch: number): number {
  return c.convStem ? patch / SHRINK : patch;
}

/** Input width of a modality's patch projection (`backbone.<m>_embed.weight` rows). */
export function embedInputWidth(c: ModelConfig, patch: number, channels: number): number {
  const q = projectedPatch(c, patch);
  return q * q * (c.convStem ? stemChannels(c.dim).at(-1)! : channels);
}

export function checkStemConfig(c: ModelConfig): void {
  if (!c.convStem) return;
  for (const [name, p] of [
    ['audioPatch', c.audioPatch],
    ['imagePatch', c.imagePatch],
  ] as const)
    if (p % SHRINK !== 0)
      throw new Error(`model config: convStem needs ${name} divisible by ${SHRINK}, got ${p}`);
}

/** `backbone.<m>_stem.<i>.weight` [3·3·C_in, C_out] (HWIO reshaped) and `.bias` [C_out]. */
export function addStemParams(params: ParamStore, c: ModelConfig): void {
  if (!c.convStem) return;
  checkStemConfig(c);
  for (const [modality, inChannels] of [
    ['audio', 1],
    ['visual', c.imageChannels],
  ] as const) {
    let cin = inChannels;
    stemChannels(c.dim).forEach((cout, i) => {
      params.addLinear(`backbone.${modality}_stem.${i}`, GEOMETRY.kernel ** 2 * cin, cout);
      cin = cout;
    });
  }
}

/** x [B, H, W, C] → [B, H/4, W/4, C_last] (H, W multiples of 4: the caller pads to the patch). */
export function convStem(
  ctx: ForwardContext,
  modality: 'audio' | 'visual',
  x: tf.Tensor4D,
): tf.Tensor4D {
  let h = x;
  stemChannels(ctx.config.dim).forEach((cout, i) => {
    const [B, H, W] = h.shape;
    const prefix = `backbone.${modality}_stem.${i}`;
    const [Ho, Wo] = [convOutputSize(H, GEOMETRY), convOutputSize(W, GEOMETRY)]; // ⌈H/2⌉, ⌈W/2⌉
    const cols = im2col(h, GEOMETRY); // [B·Ho·Wo, 9·C_in]
    const y = linear(cols, ctx.params.get(`${prefix}.weight`), ctx.params.get(`${prefix}.bias`));
    h = relu(y).reshape([B, Ho, Wo, cout]) as tf.Tensor4D; // [B·Ho·Wo, C_out] → NHWC
  });
  return h;
}
