import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Case } from '@shared/domain/cases';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { microConfig } from '../../../tests/support/engine/micro';
import { bytesOf, useTestBackend } from '../../../tests/support/engine/setup';
import { saveCheckpoint } from '../../engine';
import { AVModel } from '../../engine/model/model';
import { loadTaskWeights } from './run-model';

const dir = mkdtempSync(join(tmpdir(), 'avlab-concat-'));
beforeAll(useTestBackend);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A checkpoint of a micro model whose prompt set of `c` and whose head are drawn from `seed`. */
async function memberCheckpoint(backbone: string, c: Case, seed: number): Promise<string> {
  const model = new AVModel(microConfig(), 1);
  const loaded = await loadTaskWeights(model, { checkpoint: backbone, prompting: 'situation' });
  expect(loaded).toBeUndefined();
  for (const p of model.params.all()) {
    // A member's own head differs from the backbone's, as it did when PL trained the head:
    // concat-based prompting must not pick up any member's head.
    if (p.name.startsWith(`prompts.${c}.`) || p.name.startsWith('head.'))
      p.variable.assign(tf.randomNormal(p.variable.shape, 0, 1, 'float32', seed));
  }
  model.setMethod('pl', c);
  const path = join(dir, `${c}.safetensors`);
  await saveCheckpoint(path, model);
  model.dispose();
  return path;
}

describe('concat-based prompting in the worker', () => {
  it('gives the same logits whichever family member owns the task, with the backbone’s head', async () => {
    const backboneModel = new AVModel(microConfig(), 7);
    const backbone = join(dir, 'backbone.safetensors');
    await saveCheckpoint(backbone, backboneModel);
    const backboneHead = bytesOf(backboneModel.params.get('head.weight').variable);
    backboneModel.dispose();
    const promptSources = [
      {
        case: 'noisy_audio' as const,
        checkpoint: await memberCheckpoint(backbone, 'noisy_audio', 11),
      },
      {
        case: 'noisy_visual' as const,
        checkpoint: await memberCheckpoint(backbone, 'noisy_visual', 12),
      },
    ];
    const audio = tf.randomNormal([2, 8, 8], 0, 1, 'float32', 3) as tf.Tensor3D;
    const visual = tf.randomNormal([2, 8, 8, 1], 0, 1, 'float32', 4) as tf.Tensor4D;
    const logitsOf = async (ownerSeed: number, order: typeof promptSources) => {
      // Each owner's model starts from its own seed; everything it uses is loaded over it.
      const model = new AVModel(microConfig(), ownerSeed);
      const cases = await loadTaskWeights(model, {
        checkpoint: backbone,
        prompting: 'concat',
        promptSources: order,
      });
      expect(cases).toEqual(['noisy_audio', 'noisy_visual']);
      expect(bytesOf(model.params.get('head.weight').variable)).toEqual(backboneHead);
      const logits = model.forward(audio, visual, { promptCases: cases });
      const bytes = bytesOf(logits);
      logits.dispose();
      model.dispose();
      return bytes;
    };
    const a = await logitsOf(1, promptSources);
    const b = await logitsOf(2, [...promptSources].reverse());
    expect(b).toEqual(a);
    audio.dispose();
    visual.dispose();
  });

  it('refuses concat-based prompting without prompt sets', async () => {
    const model = new AVModel(microConfig(), 1);
    const path = join(dir, 'lonely.safetensors');
    await saveCheckpoint(path, model);
    await expect(
      loadTaskWeights(model, { checkpoint: path, prompting: 'concat', promptSources: [] }),
    ).rejects.toThrow(/prompt sets/);
    model.dispose();
  });
});
