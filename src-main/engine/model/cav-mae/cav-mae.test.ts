import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FORWARD_MODES } from '@shared/domain/model';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cavMaeFixture } from '../../../../tests/support/engine/cav-mae-fixture';
import { microConfig } from '../../../../tests/support/engine/micro';
import { useTestBackend } from '../../../../tests/support/engine/setup';
import { loadWeights } from '../../checkpoint/checkpoint';
import { encodeSafetensors, type NamedArray, readSafetensors } from '../../checkpoint/safetensors';
import { initFusionAsIdentity, withModelFusionBlocks } from '../fusion';
import { AVModel } from '../model';
import { countParams } from '../param-count';
import { modelFromCavMae, readCavMae } from './load';
import { verifyCavMae } from './verify';

beforeAll(useTestBackend);
const dir = mkdtempSync(join(tmpdir(), 'avlab-cav-mae-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const expected = () => cavMaeFixture('expected.safetensors');
const fixtureTensors = () =>
  readSafetensors(cavMaeFixture('cav-mae-ft-narrow.safetensors')).tensors;

/** The fixture's state dict with some tensors changed, as a safetensors file. */
function variant(name: string, edit: (t: Map<string, NamedArray>) => void): string {
  const tensors = fixtureTensors();
  edit(tensors);
  const path = join(dir, `${name}.safetensors`);
  writeFileSync(path, encodeSafetensors({ tensors, metadata: {} }));
  return path;
}

describe('CAV-MAE checkpoints', () => {
  it.each(['cav-mae-ft-narrow.pth', 'cav-mae-ft-narrow.safetensors'])(
    '%s computes the upstream logits in all five modes (≤ 1e-4)',
    (file) => {
      const { modes } = verifyCavMae(cavMaeFixture(file), expected());
      expect(Object.keys(modes)).toEqual([...FORWARD_MODES]);
      for (const [mode, { maxAbsDiff }] of Object.entries(modes))
        expect(maxAbsDiff, mode).toBeLessThanOrEqual(1e-4);
    },
  );

  it('derives the config from the tensors, lists what it drops, and counts params in closed form', () => {
    const ckpt = readCavMae(cavMaeFixture('cav-mae-ft-narrow.pth'), { heads: 4 });
    const c = ckpt.config;
    expect([
      c.preset,
      c.dim,
      c.heads,
      c.mlpRatio,
      c.audioBlocks,
      c.visualBlocks,
      c.jointBlocks,
    ]).toEqual(['cav-mae', 64, 4, 4, 11, 11, 1]);
    expect([c.audioFrames, c.melBins, c.imageSize, c.imageChannels, c.numClasses]).toEqual([
      64, 128, 64, 3, 5,
    ]);
    expect([
      c.fusionBlocks,
      c.normEps,
      c.gelu,
      c.learnedPositions,
      c.modalityNorms,
      c.headNorm,
    ]).toEqual([0, 1e-5, 'erf', true, true, true]);
    expect(ckpt.pretrained).toBe(false);
    // The per-modality norms every upstream Block carries are used only in the unified block.
    expect(ckpt.ignored).toHaveLength(22 * 8);
    expect(ckpt.ignored).toContain('blocks_a.0.norm1_a.weight');
    const model = modelFromCavMae(ckpt);
    expect(model.paramCounts('ft')).toEqual(countParams(c, 'ft'));
    model.dispose();
  });

  it('the number of heads matters: a wrong split does not reproduce the logits', () => {
    const { modes } = verifyCavMae(cavMaeFixture('cav-mae-ft-narrow.safetensors'), expected(), {
      heads: 2,
    });
    expect(modes.multimodal!.maxAbsDiff).toBeGreaterThan(1e-3);
  });

  it('a pre-trained checkpoint (decoder tensors, no mlp_head) loads its encoder and gets a new head', () => {
    const path = variant('pretrained', (t) => {
      const head = [...t.keys()].filter((k) => k.startsWith('module.mlp_head.'));
      for (const k of head) t.delete(k);
      t.set('module.mask_token', { shape: [1, 1, 32], data: new Float32Array(32) });
      t.set('module.decoder_pos_embed_a', { shape: [1, 32, 32], data: new Float32Array(1024) });
      t.set('module.decoder_blocks.0.attn.qkv.weight', {
        shape: [96, 32],
        data: new Float32Array(3072),
      });
    });
    const ckpt = readCavMae(path, { heads: 4, numClasses: 5 });
    expect(ckpt.pretrained).toBe(true);
    expect(ckpt.ignored).toEqual(
      expect.arrayContaining([
        'mask_token',
        'decoder_pos_embed_a',
        'decoder_blocks.0.attn.qkv.weight',
      ]),
    );
    expect([...ckpt.tensors.keys()].some((k) => k.startsWith('head.'))).toBe(false);
    const model = modelFromCavMae(ckpt, 3);
    // With the fine-tuned head put back, the encoder loaded from the pre-trained file must give
    // the upstream logits: it was loaded whole and right.
    const ft = readCavMae(cavMaeFixture('cav-mae-ft-narrow.safetensors'), { heads: 4 });
    for (const name of ['head.weight', 'head.bias', 'head.norm.weight', 'head.norm.bias']) {
      const t = ft.tensors.get(name)!;
      model.params.get(name).variable.assign(tf.tensor(t.data, t.shape));
    }
    const want = readSafetensors(expected()).tensors;
    const got = tf.tidy(() => {
      const a = want.get('audio')!;
      const v = want.get('image')!;
      return model
        .forward(
          tf.tensor3d(a.data, a.shape as [number, number, number]),
          tf.tensor(v.data, v.shape).transpose([0, 2, 3, 1]) as tf.Tensor4D,
        )
        .dataSync();
    });
    const ref = want.get('logits.multimodal')!.data;
    expect(Math.max(...[...got].map((x, i) => Math.abs(x - ref[i]!)))).toBeLessThanOrEqual(1e-4);
    model.dispose();
  });

  it('loads strictly: a missing, misshaped or unknown tensor is an error naming it', () => {
    const missing = variant('missing', (t) => t.delete('module.blocks_a.3.mlp.fc1.bias'));
    expect(() => modelFromCavMae(readCavMae(missing, { heads: 4 }))).toThrow(
      /missing backbone\.audio_blocks\.3\.mlp\.fc1\.bias/,
    );
    const misshaped = variant('misshaped', (t) =>
      t.set('module.norm.weight', { shape: [63], data: new Float32Array(63) }),
    );
    expect(() => modelFromCavMae(readCavMae(misshaped, { heads: 4 }))).toThrow(
      /backbone\.norm\.weight has shape \[63\], model expects \[64\]/,
    );
    const unknown = variant('unknown', (t) =>
      t.set('module.blocks_u.0.attn.rel_pos', { shape: [1], data: new Float32Array(1) }),
    );
    expect(() => readCavMae(unknown, { heads: 4 })).toThrow(
      /unknown CAV-MAE tensor "blocks_u\.0\.attn\.rel_pos"/,
    );
    const notCavMae = variant('not', (t) => t.delete('module.modality_a'));
    expect(() => readCavMae(notCavMae)).toThrow(/"modality_a" is missing/);
  });

  it('LoRA, Adapter and linear start at the checkpoint function; PL prompts train on top of it', () => {
    const want = readSafetensors(expected()).tensors;
    const a = want.get('audio')!;
    const v = want.get('image')!;
    const ref = want.get('logits.multimodal')!.data;
    const ckpt = readCavMae(cavMaeFixture('cav-mae-ft-narrow.safetensors'), { heads: 4 });
    ckpt.config = { ...ckpt.config, inputPromptLength: 2, inputPromptMode: 'readonly' };
    const model = modelFromCavMae(ckpt);
    const inputs = () =>
      [
        tf.tensor3d(a.data, a.shape as [number, number, number]),
        tf.tensor(v.data, v.shape).transpose([0, 2, 3, 1]) as tf.Tensor4D,
      ] as const;
    const diff = (got: ArrayLike<number>) =>
      Math.max(...Array.from(got, (x, i) => Math.abs(x - ref[i]!)));
    for (const method of ['lora', 'adapter', 'linear'] as const) {
      model.setMethod(method);
      const got = tf.tidy(() => model.forward(...inputs()).dataSync());
      expect(diff(got), method).toBeLessThanOrEqual(1e-4);
    }
    model.setMethod('pl', 'missing_audio');
    expect(model.trainableParams().map((p) => p.name)).toEqual([
      'prompts.missing_audio.audio_input',
      'prompts.missing_audio.visual_input',
    ]);
    const { value, grads } = tf.tidy(() =>
      tf.variableGrads(
        () =>
          model
            .forward(...inputs())
            .square()
            .mean() as tf.Scalar,
      ),
    );
    const norms = Object.values(grads).map((g) => g.abs().max().dataSync()[0]!);
    expect(Object.keys(grads)).toHaveLength(2);
    expect(Math.min(...norms)).toBeGreaterThan(0);
    tf.dispose([value, ...Object.values(grads)]);
    model.dispose();
  });

  it('new fusion blocks with attention prompts start as the checkpoint function, then learn', () => {
    const want = readSafetensors(expected()).tensors;
    const a = want.get('audio')!;
    const v = want.get('image')!;
    const ref = want.get('logits.multimodal')!.data;
    const ckpt = readCavMae(cavMaeFixture('cav-mae-ft-narrow.pth'), { heads: 4 });
    // Input prompts are off: they change what the modality blocks compute by design.
    const model = new AVModel(
      { ...ckpt.config, fusionBlocks: 2, attentionPromptLength: 3, inputPromptLength: 0 },
      7,
    );
    initFusionAsIdentity(model.params, 0, 2);
    loadWeights(model, { ...ckpt, tensors: withModelFusionBlocks(model.params, ckpt.tensors) }, [
      'backbone',
      'head',
    ]);
    const inputs = () =>
      [
        tf.tensor3d(a.data, a.shape as [number, number, number]),
        tf.tensor(v.data, v.shape).transpose([0, 2, 3, 1]) as tf.Tensor4D,
      ] as const;
    const diff = () =>
      tf.tidy(() => {
        const got = model.forward(...inputs()).dataSync();
        return Math.max(...Array.from(got, (x, i) => Math.abs(x - ref[i]!)));
      });
    const loss = () =>
      model
        .forward(...inputs())
        .square()
        .mean() as tf.Scalar;
    const gradsOf = (names: string[]) =>
      tf.tidy(() => {
        const variables = names.map((n) => model.params.get(n).variable);
        const { grads } = tf.variableGrads(loss, variables);
        return variables.map((x) => grads[x.name]!.abs().max().dataSync()[0]!);
      });
    // The prompts are random and read by the blocks' attention, yet the logits are the checkpoint's.
    model.setMethod('pl', 'complete');
    expect(diff()).toBeLessThanOrEqual(1e-4);
    // The backbone stage (FT) trains the new blocks: their zeroed output layers get gradients.
    model.setMethod('ft');
    const zeroed = ['a2v.proj.weight', 'v2a.proj.weight', 'audio_mlp.fc2.weight'].map(
      (n) => `backbone.fusion_blocks.1.${n}`,
    );
    expect(Math.min(...gradsOf(zeroed))).toBeGreaterThan(0);
    // Once they moved, the attention prompts a PL run trains change the logits.
    for (const name of zeroed.slice(0, 2)) {
      const p = model.params.get(name).variable;
      tf.tidy(() => p.assign(tf.randomNormal(p.shape, 0, 0.05, 'float32', 3)));
    }
    model.setMethod('pl', 'complete');
    const attentionPrompts = model
      .trainableParams()
      .map((q) => q.name)
      .filter((n) => n.startsWith('prompts.complete.fusion.1.'));
    expect(attentionPrompts).toHaveLength(2);
    expect(Math.min(...gradsOf(attentionPrompts))).toBeGreaterThan(0);
    model.dispose();
  });

  it('single-modality modes refuse a model with fusion blocks (cross-attention needs both)', () => {
    const model = new AVModel(microConfig(), 1);
    const c = model.config;
    expect(() =>
      model.forward(
        tf.zeros([1, c.audioFrames, c.melBins]) as tf.Tensor3D,
        tf.zeros([1, c.imageSize, c.imageSize, c.imageChannels]) as tf.Tensor4D,
        { mode: 'audioonly' },
      ),
    ).toThrow(/fusion blocks/);
    model.dispose();
  });
});
