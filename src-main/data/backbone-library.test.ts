import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cavMaeFixture } from '../../tests/support/engine/cav-mae-fixture';
import { useTestBackend } from '../../tests/support/engine/setup';
import { loadCheckpoint, loadWeights } from '../engine/checkpoint/checkpoint';
import { encodeSafetensors, readSafetensors } from '../engine/checkpoint/safetensors';
import { AVModel } from '../engine/model/model';
import { dataLayout } from '../home';
import { backbonePath, importBackbone, listBackbones } from './backbone-library';

beforeAll(useTestBackend);
const root = mkdtempSync(join(tmpdir(), 'avlab-backbones-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('backbone library', () => {
  it('imports a .pth as a content-hashed engine checkpoint that computes the upstream logits', async () => {
    const layout = dataLayout(join(root, 'a'));
    const b = importBackbone(layout, cavMaeFixture('cav-mae-ft-narrow.pth'), {
      heads: 4,
      name: 'narrow',
    });
    expect(b).toMatchObject({ name: 'narrow', kind: 'cav-mae', pretrained: false, ignored: 176 });
    // The same weights from the safetensors twin are the same backbone.
    const again = importBackbone(layout, cavMaeFixture('cav-mae-ft-narrow.safetensors'), {
      heads: 4,
    });
    expect(again.id).toBe(b.id);
    expect(listBackbones(layout).map((x) => [x.id, x.name])).toEqual([[b.id, 'narrow']]);

    const ckpt = await loadCheckpoint(backbonePath(layout, b.id));
    const model = new AVModel(ckpt.config, 0);
    loadWeights(model, ckpt, ['backbone', 'head']);
    const want = readSafetensors(cavMaeFixture('expected.safetensors')).tensors;
    const a = want.get('audio')!;
    const v = want.get('image')!;
    const got = tf.tidy(() =>
      model
        .forward(
          tf.tensor3d(a.data, a.shape as [number, number, number]),
          tf.tensor(v.data, v.shape).transpose([0, 2, 3, 1]) as tf.Tensor4D,
          { mode: 'missingvideoonly' },
        )
        .dataSync(),
    );
    const ref = want.get('logits.missingvideoonly')!.data;
    expect(Math.max(...[...got].map((x, i) => Math.abs(x - ref[i]!)))).toBeLessThanOrEqual(1e-4);
    model.dispose();
  });

  it('a pre-trained checkpoint is stored without a head and listed as pre-trained', () => {
    const layout = dataLayout(join(root, 'b'));
    const tensors = readSafetensors(cavMaeFixture('cav-mae-ft-narrow.safetensors')).tensors;
    for (const k of [...tensors.keys()]) if (k.includes('mlp_head')) tensors.delete(k);
    tensors.set('module.mask_token', { shape: [1, 1, 64], data: new Float32Array(64) });
    const file = join(root, 'pretrained.safetensors');
    writeFileSync(file, encodeSafetensors({ tensors, metadata: {} }));
    const b = importBackbone(layout, file, { heads: 4, numClasses: 7 });
    expect([b.pretrained, b.config.numClasses, b.name]).toEqual([true, 7, 'pretrained']);
    const stored = readSafetensors(backbonePath(layout, b.id)).tensors;
    expect([...stored.keys()].filter((k) => !k.startsWith('backbone.'))).toEqual([]);
  });

  it('refuses unknown ids and reports a damaged file instead of skipping it', () => {
    const layout = dataLayout(join(root, 'c'));
    expect(() => backbonePath(layout, '0123456789abcdef')).toThrow(/not imported/);
    expect(() => backbonePath(layout, '../etc')).toThrow(/16 hex digits/);
    writeFileSync(join(layout.backbones, '0123456789abcdef.safetensors'), 'garbage');
    expect(() => listBackbones(layout)).toThrow(
      /0123456789abcdef\.safetensors: not a readable backbone/,
    );
  });
});
