import type { ModelConfig } from '@shared/domain/model';
import * as tf from '@tensorflow/tfjs';
import { tokenGrids } from './config';
import type { ForwardContext } from './context';
import { linear } from './linear';
import type { ParamStore } from './params';

/**
 * Patch embeddings as a reshape + one 2-D matMul (no conv: wasm lacks Conv2DBackpropFilter),
 * plus a learned modality embedding per modality. Position embeddings are added by the caller.
 */
export function addPatchEmbedParams(params: ParamStore, c: ModelConfig): void {
  params.addLinear('backbone.audio_embed', c.audioPatch * c.audioPatch, c.dim);
  params.addLinear('backbone.visual_embed', c.imagePatch * c.imagePatch * c.imageChannels, c.dim);
  params.add('backbone.audio_modality', [c.dim], 'normal');
  params.add('backbone.visual_modality', [c.dim], 'normal');
}

/** Filterbank [B, F, M] → tokens [B, gF·gM, d], patches in row-major (time, frequency) order. */
export function embedAudio(ctx: ForwardContext, audio: tf.Tensor3D): tf.Tensor3D {
  const c = ctx.config;
  const p = c.audioPatch;
  const [gF, gM] = tokenGrids(c).audio;
  const B = audio.shape[0];
  const padded = tf.pad(audio, [
    [0, 0],
    [0, gF * p - c.audioFrames],
    [0, gM * p - c.melBins],
  ]); // [B, gF·p, gM·p]
  const patches = padded
    .reshape([B * gF, p, gM, p]) // [B·gF, p, gM, p]
    .transpose([0, 2, 1, 3]) // [B·gF, gM, p, p]
    .reshape([B * gF * gM, p * p]); // one row per patch
  const tokens = linear(
    patches,
    ctx.params.get('backbone.audio_embed.weight'),
    ctx.params.get('backbone.audio_embed.bias'),
  );
  return tokens
    .reshape([B, gF * gM, c.dim])
    .add(ctx.params.get('backbone.audio_modality').variable) as tf.Tensor3D;
}

/** Image NHWC [B, S, S, C] → tokens [B, g·g, d], patches row-major, each patch (y, x, c). */
export function embedVisual(ctx: ForwardContext, image: tf.Tensor4D): tf.Tensor3D {
  const c = ctx.config;
  const p = c.imagePatch;
  const [g] = tokenGrids(c).visual;
  const B = image.shape[0];
  const C = c.imageChannels;
  const pad = g * p - c.imageSize;
  const padded = tf.pad(image, [
    [0, 0],
    [0, pad],
    [0, pad],
    [0, 0],
  ]); // [B, g·p, g·p, C]
  const patches = padded
    .reshape([B * g, p, g, p * C]) // [B·g, p, g, p·C]
    .transpose([0, 2, 1, 3]) // [B·g, g, p, p·C]
    .reshape([B * g * g, p * p * C]);
  const tokens = linear(
    patches,
    ctx.params.get('backbone.visual_embed.weight'),
    ctx.params.get('backbone.visual_embed.bias'),
  );
  return tokens
    .reshape([B, g * g, c.dim])
    .add(ctx.params.get('backbone.visual_modality').variable) as tf.Tensor3D;
}
