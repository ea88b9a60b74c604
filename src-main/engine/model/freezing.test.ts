import type { Method } from '@shared/domain/methods';
import { beforeAll, describe, expect, it } from 'vitest';
import { microConfig, syntheticSource } from '../../../tests/support/engine/micro';
import { bytesOf, sameBytes, useTestBackend } from '../../../tests/support/engine/setup';
import { AdamOptimizer } from '../train/optimizer';
import { trainStep } from '../train/step';
import { AVModel } from './model';

beforeAll(useTestBackend);

const config = microConfig();
const source = syntheticSource({ audioFrames: 8, melBins: 8, imageSize: 8, imageChannels: 1 }, 3, {
  train: 8,
  val: 0,
  test: 0,
});

function stepsChange(method: Method, mode: 'deep' | 'readonly' = 'deep', extras = {}) {
  const model = new AVModel({ ...config, ...extras, inputPromptMode: mode }, 7);
  model.setMethod(method, 'noisy_visual');
  const before = new Map(model.params.all().map((p) => [p.name, bytesOf(p.variable)]));
  const opt = new AdamOptimizer(model.trainableParams(), { weightDecay: 0.05, decoupled: true });
  const batch = source.batch([0, 1, 2, 3, 4, 5, 6, 7]);
  const auxLossWeight = model.config.auxHeads ? 0.5 : 0;
  for (let i = 0; i < 3; i++)
    trainStep(model, opt, batch, { lr: 1e-2, labelSmoothing: 0.1, clipNorm: 1, auxLossWeight });
  const changed = new Set<string>();
  for (const p of model.params.all())
    if (!sameBytes(before.get(p.name)!, bytesOf(p.variable))) changed.add(p.name);
  const trainable = new Set(model.trainableParams().map((p) => p.name));
  opt.dispose();
  model.dispose();
  return { changed, trainable };
}

describe('freezing', () => {
  it('PL changes only its case prompts (not even the head); every frozen tensor is bit-identical', () => {
    for (const mode of ['deep', 'readonly'] as const) {
      const { changed, trainable } = stepsChange('pl', mode);
      expect(trainable.size).toBeGreaterThan(0);
      expect([...trainable].every((n) => n.startsWith('prompts.noisy_visual.'))).toBe(true);
      expect([...changed].sort()).toEqual([...trainable].sort()); // prompts do change, nothing else
    }
  });

  it('LoRA, Adapter and linear change only their own params and the head', () => {
    for (const [method, prefix] of [
      ['lora', 'lora.'],
      ['adapter', 'adapter.'],
      ['linear', 'head.'],
    ] as const) {
      const { changed, trainable } = stepsChange(method);
      expect([...trainable].every((n) => n.startsWith(prefix) || n.startsWith('head.'))).toBe(true);
      expect([...changed].every((n) => trainable.has(n))).toBe(true);
      // B of LoRA / up of Adapter start at zero, so after 3 steps A / down may still be still;
      // the zero-initialised halves and the head must have moved.
      const moved = [...changed].filter(
        (n) => n.endsWith('.b') || n.includes('.up.') || n.startsWith('head.'),
      );
      expect(moved.length).toBeGreaterThan(0);
    }
  });

  it('with a conv stem and auxiliary heads: PL still changes only its prompts; FT trains stem and heads', () => {
    const extras = { convStem: true, auxHeads: true };
    const pl = stepsChange('pl', 'deep', extras);
    expect([...pl.changed].sort()).toEqual([...pl.trainable].sort());
    expect([...pl.changed].some((n) => n.includes('_stem.') || n.includes('_aux_'))).toBe(false);
    const ft = stepsChange('ft', 'deep', extras);
    for (const name of ['backbone.audio_stem.0.weight', 'backbone.visual_aux_head.weight'])
      expect(ft.changed.has(name)).toBe(true);
  });

  it('FT changes backbone and head but never prompts, LoRA or adapters', () => {
    const { changed } = stepsChange('ft');
    expect([...changed].some((n) => n.startsWith('backbone.'))).toBe(true);
    expect([...changed].every((n) => n.startsWith('backbone.') || n.startsWith('head.'))).toBe(
      true,
    );
  });
});
