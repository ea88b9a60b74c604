import type { ModelConfig } from '@shared/domain/model';
import * as tf from '@tensorflow/tfjs';
import { tokenGrids } from './config';
import type { ForwardContext } from './context';
import { addStemParams, convStem, embedInputWidth, projectedPatch } from './conv-stem';
import { linear } from './linear';
import type { ParamStore } from './params';

/**
 * Patch embeddings as a reshape + one 2-D matMul (no conv: wasm lacks Conv2DBackpropFilter),
 * optionally after a convolutional stem (conv-stem.ts), plus a learned modality embedding per
 * modality. Position embeddings are added by the caller.
 */
export function addPatchEmbedParams(params: ParamStore, c: ModelConfig): void {
  addStemParams(params, c);
  params.addLinear('backbone.audio_embed', embedInputWidth(c, c.audioPatch, 1), c.dim);
  params.addLinear(
    'backbone.visual_embed',
    embedInputWidth(c, c.imagePatch, c.imageChannels),
    c.dim,
  );
  params.add('backbone.audio_modality', [c.dim], 'normal');
  params.add('backbone.visual_modality', [c.dim], 'normal');
}

/** x [B, gH·q, gW·q, C] → one row per q×q patch [B·gH·gW, q·q·C], row-major, each (y, x, c). */
function patchify(x: tf.Tensor4D, q: number): tf.Tensor2D {
  const [B, H, W, C] = x.shape;
  const gH = H / q;
  const gW = W / q;
  return x
    .reshape([B * gH, q, gW, q * C]) // [B·gH, q, gW, q·C]
    .transpose([0, 2, 1, 3]) // [B·gH, gW, q, q·C]
    .reshape([B * gH * gW, q * q * C]);
}

/** Padded input [B, gH·p, gW·p, C] → tokens [B, gH·gW, d], through the stem if configured. */
function embed(
  ctx: ForwardContext,
  modality: 'audio' | 'visual',
  padded: tf.Tensor4D,
  patch: number,
): tf.Tensor3D {
  const c = ctx.config;
  const B = padded.shape[0];
  const tokens = (padded.shape[1] / patch) * (padded.shape[2] / patch);
  const features = c.convStem ? convStem(ctx, modality, padded) : padded;
  const rows = linear(
    patchify(features, projectedPatch(c, patch)),
    ctx.params.get(`backbone.${modality}_embed.weight`),
    ctx.params.get(`backbone.${modality}_embed.bias`),
  ); // [B·tokens, d]
  return rows
    .reshape([B, tokens, c.dim])
    .add(ctx.params.get(`backbone.${modality}_modality`).variable) as tf.Tensor3D;
}

/** Filterbank [B, F, M] → tokens [B, gF·gM, d], patches in row-major (time, frequency) order. */
export function embedAudio(ctx: ForwardContext, audio: tf.Tensor3D): tf.Tensor3D {
  const c = ctx.config;
  const p = c.audioPatch;
  const [gF, gM] = tokenGrids(c).audio;
  const B = audio.shape[0];
  const padded = tf
    .pad(audio, [
      [0, 0],
      [0, gF * p - c.audioFrames],
      [0, gM * p - c.melBins],
    ])
    .reshape([B, gF * p, gM * p, 1]) as tf.Tensor4D; // one channel: [B, gF·p, gM·p, 1]
  return embed(ctx, 'audio', padded, p);
}

/** Image NHWC [B, S, S, C] → tokens [B, g·g, d], patches row-major, each patch (y, x, c). */
export function embedVisual(ctx: ForwardContext, image: tf.Tensor4D): tf.Tensor3D {
  const c = ctx.config;
  const p = c.imagePatch;
  const [g] = tokenGrids(c).visual;
  const pad = g * p - c.imageSize;
  const padded = tf.pad(image, [
    [0, 0],
    [0, pad],
    [0, pad],
    [0, 0],
  ]); // [B, g·p, g·p, C]
  return embed(ctx, 'visual', padded, p);
}
