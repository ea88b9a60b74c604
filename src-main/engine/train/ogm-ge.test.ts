import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestBackend } from '../../../tests/support/engine/setup';
import { encoderOf, modulateGradients, ogmCoefficients } from './ogm-ge';

beforeAll(useTestBackend);

describe('OGM-GE', () => {
  it('slows the dominant modality by 1 − tanh(α·ρ) and leaves the other at 1', () => {
    const a = ogmCoefficients(30, 10, 0.5); // audio 3× as confident
    expect(a.visual).toBe(1);
    expect(a.audio).toBeCloseTo(1 - Math.tanh(1.5), 6);
    const v = ogmCoefficients(10, 20, 0.1);
    expect(v.audio).toBe(1);
    expect(v.visual).toBeCloseTo(1 - Math.tanh(0.2), 6);
    expect(ogmCoefficients(5, 5, 1)).toEqual({ audio: 1, visual: 1 - Math.tanh(1) });
  });

  it('knows each modality encoder and nothing else', () => {
    expect(encoderOf('backbone.audio_stem.0.weight')).toBe('audio');
    expect(encoderOf('backbone.visual_blocks.1.attn.q.weight')).toBe('visual');
    expect(encoderOf('backbone.audio_embed.bias')).toBe('audio');
    expect(encoderOf('backbone.visual_modality')).toBe('visual');
    expect(encoderOf('backbone.audio_aux_head.weight')).toBeNull();
    expect(encoderOf('backbone.fusion_blocks.0.a2v.q.weight')).toBeNull();
    expect(encoderOf('head.weight')).toBeNull();
  });

  it('scales encoder gradients, adds noise of the gradient std, leaves the rest alone', () => {
    const g = tf.randomNormal([200, 50], 0, 2, 'float32', 1);
    const grads = new Map<string, tf.Tensor>([
      ['backbone.audio_blocks.0.mlp.fc1.weight', g],
      ['backbone.visual_embed.weight', g],
      ['head.weight', g],
    ]);
    const out = modulateGradients(grads, { audio: 0.25, visual: 1 }, 5);
    expect(out.get('head.weight')).toBe(g);
    const residual = out.get('backbone.audio_blocks.0.mlp.fc1.weight')!.sub(g.mul(0.25));
    const { mean, variance } = tf.moments(residual);
    expect(Math.abs(mean.dataSync()[0]!)).toBeLessThan(0.05);
    expect(Math.sqrt(variance.dataSync()[0]!)).toBeGreaterThan(1.9); // std(g) = 2
    expect(Math.sqrt(variance.dataSync()[0]!)).toBeLessThan(2.1);
    const again = modulateGradients(grads, { audio: 0.25, visual: 1 }, 5);
    expect(
      tf
        .max(
          tf.abs(
            again
              .get('backbone.visual_embed.weight')!
              .sub(out.get('backbone.visual_embed.weight')!),
          ),
        )
        .dataSync()[0],
    ).toBe(0);
  });
});
