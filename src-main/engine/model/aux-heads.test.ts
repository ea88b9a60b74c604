import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { microConfig } from '../../../tests/support/engine/micro';
import { useTestBackend } from '../../../tests/support/engine/setup';
import { AVModel } from './model';

beforeAll(useTestBackend);

const maxDiff = (a: tf.Tensor, b: tf.Tensor) => tf.max(tf.abs(a.sub(b))).dataSync()[0]!;

describe('unimodal auxiliary heads', () => {
  it('each head reads only its own modality; the main logits are what forward() returns', () => {
    const model = new AVModel(microConfig({ auxHeads: true }), 4);
    const audio = tf.randomNormal([3, 8, 8], 0, 1, 'float32', 1) as tf.Tensor3D;
    const visual = tf.randomNormal([3, 8, 8, 1], 0, 1, 'float32', 2) as tf.Tensor4D;
    const otherVisual = tf.randomNormal([3, 8, 8, 1], 0, 1, 'float32', 3) as tf.Tensor4D;
    const otherAudio = tf.randomNormal([3, 8, 8], 0, 1, 'float32', 4) as tf.Tensor3D;
    const out = model.forwardOutputs(audio, visual, {}, true);
    expect(out.aux!.audio.shape).toEqual([3, 3]);
    expect(maxDiff(out.logits, model.forward(audio, visual))).toBe(0);
    const visualChanged = model.forwardOutputs(audio, otherVisual, {}, true);
    const audioChanged = model.forwardOutputs(otherAudio, visual, {}, true);
    // Before fusion, the audio stream has seen no visual token, and vice versa.
    expect(maxDiff(out.aux!.audio, visualChanged.aux!.audio)).toBe(0);
    expect(maxDiff(out.aux!.visual, audioChanged.aux!.visual)).toBe(0);
    expect(maxDiff(out.aux!.visual, visualChanged.aux!.visual)).toBeGreaterThan(1e-4);
    expect(maxDiff(out.logits, visualChanged.logits)).toBeGreaterThan(1e-4);
    expect(model.forwardOutputs(audio, visual, {}, false).aux).toBeNull();
    model.dispose();
  });

  it('pools patch tokens only: under PL the input prompts do not enter the auxiliary logits', () => {
    const model = new AVModel(microConfig({ auxHeads: true, inputPromptMode: 'readonly' }), 4);
    const audio = tf.randomNormal([2, 8, 8], 0, 1, 'float32', 5) as tf.Tensor3D;
    const visual = tf.randomNormal([2, 8, 8, 1], 0, 1, 'float32', 6) as tf.Tensor4D;
    const ft = model.forwardOutputs(audio, visual, {}, true);
    model.setMethod('pl', 'complete');
    // Readonly prompts never change the content tokens, so the heads see the same tokens as FT.
    const pl = model.forwardOutputs(audio, visual, {}, true);
    expect(maxDiff(ft.aux!.audio, pl.aux!.audio)).toBeLessThan(1e-6);
    expect(maxDiff(ft.aux!.visual, pl.aux!.visual)).toBeLessThan(1e-6);
    model.dispose();
  });
});
