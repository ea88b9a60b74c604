import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { microConfig } from '../../../tests/support/engine/micro';
import { bytesOf, sameBytes, useTestBackend } from '../../../tests/support/engine/setup';
import { AVModel } from '../model/model';
import {
  loadCheckpoint,
  loadPromptSet,
  loadWeights,
  modelFromCheckpoint,
  saveCheckpoint,
} from './checkpoint';
import { decodeSafetensors, encodeSafetensors } from './safetensors';

beforeAll(useTestBackend);
const dir = mkdtempSync(join(tmpdir(), 'avlab-ckpt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('safetensors', () => {
  it('writes the documented layout: u64 header length, JSON header, aligned raw data', () => {
    const buf = encodeSafetensors({
      tensors: new Map([
        ['b', { shape: [2], data: new Int32Array([7, -1]) }],
        ['a', { shape: [1, 3], data: new Float32Array([1.5, -2, 3]) }],
      ]),
      metadata: { note: 'x' },
    });
    const n = Number(buf.readBigUInt64LE(0));
    expect((8 + n) % 8).toBe(0);
    const header = JSON.parse(buf.subarray(8, 8 + n).toString());
    expect(header.a).toEqual({ dtype: 'F32', shape: [1, 3], data_offsets: [0, 12] });
    expect(header.b).toEqual({ dtype: 'I32', shape: [2], data_offsets: [12, 20] });
    expect(buf.readFloatLE(8 + n + 4)).toBe(-2);
    const back = decodeSafetensors(buf);
    expect([...back.tensors.get('b')!.data]).toEqual([7, -1]);
    expect(back.metadata).toEqual({ note: 'x' });
  });

  it('rejects a header whose byte ranges do not fit', () => {
    const buf = encodeSafetensors({
      tensors: new Map([['a', { shape: [2], data: new Float32Array(2) }]]),
      metadata: {},
    });
    expect(() => decodeSafetensors(buf.subarray(0, buf.length - 4), 'cut.safetensors')).toThrow(
      /cut.safetensors.*"a"/,
    );
  });
});

describe('checkpoints', () => {
  it('round-trip gives bit-identical logits, method and config', async () => {
    const model = new AVModel(microConfig(), 4);
    model.setMethod('adapter');
    // Make the zero-initialised halves non-zero so the round trip has something to prove.
    for (const p of model.params.all())
      if (p.name.includes('.up.'))
        p.variable.assign(tf.randomNormal(p.variable.shape, 0, 0.1, 'float32', 3));
    const path = join(dir, 'm.safetensors');
    await saveCheckpoint(path, model, { runId: 'r1' });
    const a = tf.randomNormal([2, 8, 8], 0, 1, 'float32', 1) as tf.Tensor3D;
    const v = tf.randomNormal([2, 8, 8, 1], 0, 1, 'float32', 2) as tf.Tensor4D;
    const ckpt = await loadCheckpoint(path);
    expect(ckpt.extra).toEqual({ runId: 'r1' });
    const copy = modelFromCheckpoint(ckpt);
    expect(copy.method).toBe('adapter');
    expect(copy.config).toEqual(model.config);
    expect(sameBytes(bytesOf(copy.forward(a, v)), bytesOf(model.forward(a, v)))).toBe(true);
    model.dispose();
    copy.dispose();
  });

  it('refuses a checkpoint with a wrong shape or a missing tensor, naming them', async () => {
    const model = new AVModel(microConfig(), 4);
    const path = join(dir, 'wide.safetensors');
    const wider = new AVModel(microConfig({ numClasses: 4 }), 4);
    await saveCheckpoint(path, wider);
    const ckpt = await loadCheckpoint(path);
    expect(() => loadWeights(model, ckpt)).toThrow(
      /head.weight has shape \[16,4\], model expects \[16,3\]/,
    );
    // The backbone alone is compatible and loads; the head is reported as ignored.
    const r = loadWeights(model, ckpt, ['backbone']);
    expect(r.ignored).toContain('head.weight');
    ckpt.tensors.delete('backbone.norm.bias');
    expect(() => loadWeights(model, ckpt, ['backbone'])).toThrow(/missing backbone.norm.bias/);
    model.dispose();
    wider.dispose();
  });

  it('copies one case’s prompt set and nothing else, as strictly as the weights', async () => {
    const source = new AVModel(microConfig(), 5);
    const path = join(dir, 'prompts.safetensors');
    await saveCheckpoint(path, source);
    const ckpt = await loadCheckpoint(path);
    const model = new AVModel(microConfig(), 6);
    const before = bytesOf(model.params.get('head.weight').variable);
    const loaded = loadPromptSet(model, ckpt, 'noisy_audio');
    expect(loaded.length).toBeGreaterThan(0);
    expect(loaded.every((n) => n.startsWith('prompts.noisy_audio.'))).toBe(true);
    for (const name of loaded)
      expect(
        sameBytes(
          bytesOf(model.params.get(name).variable),
          bytesOf(source.params.get(name).variable),
        ),
      ).toBe(true);
    const other = 'prompts.complete.audio_input';
    expect(
      sameBytes(
        bytesOf(model.params.get(other).variable),
        bytesOf(source.params.get(other).variable),
      ),
    ).toBe(false);
    expect(sameBytes(bytesOf(model.params.get('head.weight').variable), before)).toBe(true);
    ckpt.tensors.delete(loaded[0]!);
    expect(() => loadPromptSet(model, ckpt, 'noisy_audio')).toThrow(`missing ${loaded[0]}`);
    source.dispose();
    model.dispose();
  });

  it('refuses a file that is not a checkpoint, and writes atomically', async () => {
    const path = join(dir, 'bad.safetensors');
    writeFileSync(path, encodeSafetensors({ tensors: new Map(), metadata: { format: 'other' } }));
    await expect(loadCheckpoint(path)).rejects.toThrow(
      /bad.safetensors: not an AV Prompt Lab checkpoint/,
    );
    const model = new AVModel(microConfig(), 4);
    const good = join(dir, 'good.safetensors');
    await saveCheckpoint(good, model);
    const bytes = readFileSync(good);
    expect(bytes.length).toBeGreaterThan(4 * model.paramCounts('ft').total);
    model.dispose();
  });
});
