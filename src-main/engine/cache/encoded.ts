import * as tf from '@tensorflow/tfjs';
import { tokenGrids } from '../model/config';
import type { AVModel, EncodedContent } from '../model/model';

/**
 * Encoder content of a batch as plain arrays, per sample first (audio [B, La, Na, d], visual
 * [B, Lv, Nv, d]), so a batch splits per sample by subarray (data-parallel shards).
 */
export interface EncodedArrays {
  audio: Float32Array;
  visual: Float32Array;
}

/** The arrays as the tensors AVModel.forwardEncoded takes. */
export function encodedTensors(model: AVModel, size: number, e: EncodedArrays): EncodedContent {
  const grids = tokenGrids(model.config);
  const d = model.config.dim;
  const shape = (m: 'audio' | 'visual'): [number, number, number, number] => [
    size,
    model.contentLayers(m),
    grids[m][0] * grids[m][1],
    d,
  ];
  return {
    audio: tf.tensor4d(e.audio, shape('audio')),
    visual: tf.tensor4d(e.visual, shape('visual')),
  };
}
