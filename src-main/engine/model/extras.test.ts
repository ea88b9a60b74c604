import { CASES } from '@shared/domain/cases';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { microConfig } from '../../../tests/support/engine/micro';
import { bytesOf, sameBytes, useTestBackend } from '../../../tests/support/engine/setup';
import type { CapturedAttention } from './context';
import { AVModel } from './model';

beforeAll(useTestBackend);

const audio = () => tf.randomNormal([3, 8, 8], 0, 1, 'float32', 21) as tf.Tensor3D;
const visual = () => tf.randomNormal([3, 8, 8, 1], 0, 1, 'float32', 22) as tf.Tensor4D;

describe('LoRA, Adapter and prompts', () => {
  it('LoRA and Adapter at initialisation give exactly the base logits', () => {
    const model = new AVModel(microConfig(), 5);
    const [a, v] = [audio(), visual()];
    model.setMethod('ft');
    const base = bytesOf(model.forward(a, v));
    for (const m of ['lora', 'adapter', 'linear'] as const) {
      model.setMethod(m);
      expect(sameBytes(bytesOf(model.forward(a, v)), base)).toBe(true);
    }
    // …and they are really in the graph: a non-zero B / up changes the logits.
    model.setMethod('lora');
    const b = model.params.get('lora.joint_blocks.0.attn.v.b').variable;
    b.assign(tf.onesLike(b).mul(0.5));
    expect(sameBytes(bytesOf(model.forward(a, v)), base)).toBe(false);
    model.dispose();
  });

  it('situation prompting uses one set, concat uses all six: key columns in the fusion maps', () => {
    const c = microConfig();
    const model = new AVModel(c, 5);
    model.setMethod('pl', 'noisy_both');
    const tokens = 4; // 8×8 audio / 8×8 image with 4×4 patches
    for (const [cases, sets] of [
      [['noisy_both'], 1],
      [CASES, 6],
    ] as const) {
      const capture: CapturedAttention[] = [];
      const logits = model.forward(audio(), visual(), { promptCases: cases, capture });
      expect(logits.shape).toEqual([3, 3]);
      expect(capture.map((m) => m.direction)).toEqual(['audio_to_visual', 'visual_to_audio']);
      const promptKeys = sets * (c.attentionPromptLength + c.inputPromptLength);
      for (const m of capture) {
        // [B, H, queries = own prompts + tokens, keys = other's prompts + prompts + tokens]
        expect(m.probs.shape).toEqual([
          3,
          c.heads,
          sets * c.inputPromptLength + tokens,
          promptKeys + tokens,
        ]);
        expect(m.promptKeys).toBe(promptKeys);
        m.probs.dispose();
      }
    }
    model.dispose();
  });

  it('readonly mode: content never reads prompts; deep mode: it does', () => {
    for (const mode of ['readonly', 'deep'] as const) {
      const model = new AVModel(
        { ...microConfig(), inputPromptMode: mode, attentionPromptLength: 0 },
        5,
      );
      model.setMethod('pl', 'complete');
      const [a, v] = [audio(), visual()];
      const contentKeys = () => {
        const capture: CapturedAttention[] = [];
        model.forward(a, v, { capture });
        // Queries of the audio content rows in the first fusion block depend only on content
        // in readonly mode; take the content rows of the a2v map.
        const probs = capture[0]!.probs;
        const rows = probs.slice([0, 0, microConfig().inputPromptLength, 0], [-1, -1, -1, -1]);
        return bytesOf(rows);
      };
      const before = contentKeys();
      const p = model.params.get('prompts.complete.audio_input').variable;
      p.assign(p.add(1));
      const after = contentKeys();
      // The a2v rows of audio content attend over visual keys; visual keys don't change with
      // the audio prompts in readonly mode, and the audio content queries don't either.
      expect(sameBytes(before, after)).toBe(mode === 'readonly');
      model.dispose();
    }
  });
});

describe('dropout', () => {
  it('is off at inference, seeded in training, and reaches the gradient', () => {
    const model = new AVModel(microConfig({ dropout: 0.5 }), 5);
    const [a, v] = [audio(), visual()];
    const plain = bytesOf(model.forward(a, v));
    expect(sameBytes(bytesOf(model.forward(a, v)), plain)).toBe(true);
    const s1 = bytesOf(model.forward(a, v, { dropoutSeed: 1 }));
    expect(sameBytes(s1, plain)).toBe(false);
    expect(sameBytes(bytesOf(model.forward(a, v, { dropoutSeed: 1 })), s1)).toBe(true);
    expect(sameBytes(bytesOf(model.forward(a, v, { dropoutSeed: 2 })), s1)).toBe(false);
    const w = model.params.get('backbone.joint_blocks.0.mlp.fc2.weight').variable;
    const g = tf.grad(() => model.forward(a, v, { dropoutSeed: 3 }).sum())(w);
    expect(g.abs().sum().dataSync()[0]).toBeGreaterThan(0);
    model.dispose();
  });
});
