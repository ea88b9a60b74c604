import type { ModelConfig } from '@shared/domain/model';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { microConfig, syntheticSource } from '../../../tests/support/engine/micro';
import {
  expectSameValues,
  onEachMatmulPath,
  useTestBackend,
} from '../../../tests/support/engine/setup';
import { crossEntropy } from '../train/loss';
import { AVModel, type EncodedContent } from './model';

beforeAll(useTestBackend);

const shape = { audioFrames: 8, melBins: 8, imageSize: 8, imageChannels: 1 };
const source = syntheticSource(shape, 3, { train: 6, val: 0, test: 0 }, 4);
const batch = source.batch([0, 1, 2, 3, 4, 5]);

function inputs(model: AVModel) {
  const c = model.config;
  return {
    audio: tf.tensor3d(batch.audio, [batch.size, c.audioFrames, c.melBins]),
    visual: tf.tensor4d(batch.visual, [batch.size, c.imageSize, c.imageSize, c.imageChannels]),
    labels: tf.tensor1d(batch.labels, 'int32'),
  };
}

/** Content computed in chunks of `chunk` samples, as the cache builder does, then joined. */
function contentInChunks(model: AVModel, chunk: number): EncodedContent {
  return tf.tidy(() => {
    const { audio, visual } = inputs(model);
    const parts = (m: 'audio' | 'visual', x: tf.Tensor) => {
      const out: tf.Tensor[] = [];
      for (let i = 0; i < batch.size; i += chunk) {
        const n = Math.min(chunk, batch.size - i);
        out.push(model.encoderContent(m, x.slice(i, n)));
      }
      return tf.concat(out, 0) as tf.Tensor4D;
    };
    return { audio: parts('audio', audio), visual: parts('visual', visual) };
  });
}

function lossAndGrads(model: AVModel, encoded: EncodedContent | null) {
  const vars = model.trainableParams().map((p) => p.variable);
  return tf.tidy(() => {
    const { audio, visual, labels } = inputs(model);
    let logits: tf.Tensor | null = null;
    const { value, grads } = tf.variableGrads(() => {
      const out = encoded
        ? model.forwardEncoded(encoded, {}, true)
        : model.forwardOutputs(audio, visual, {}, true);
      logits = tf.keep(out.logits);
      const aux = out.aux
        ? crossEntropy(out.aux.audio, labels, 0).add(crossEntropy(out.aux.visual, labels, 0))
        : tf.scalar(0);
      return crossEntropy(out.logits, labels, 0.1).add(aux) as tf.Scalar;
    }, vars);
    const values = (t: tf.Tensor) => Float32Array.from(t.dataSync());
    return {
      logits: values(logits!),
      loss: values(value),
      grads: vars.map((v) => values(grads[v.name]!)),
    };
  });
}

/** Bit for bit on XNNPACK; to float rounding on OpenBLAS (see onEachMatmulPath). */
function expectIdentical(overrides: Partial<ModelConfig>, chunk: number) {
  return onEachMatmulPath((_, exact) => {
    const model = new AVModel(microConfig({ inputPromptMode: 'readonly', ...overrides }), 11);
    model.setMethod('pl', 'noisy_audio');
    const encoded = contentInChunks(model, chunk);
    const cached = lossAndGrads(model, encoded);
    const uncached = lossAndGrads(model, null);
    expect(cached.grads.length).toBeGreaterThan(0);
    expectSameValues(cached.logits, uncached.logits, exact);
    expectSameValues(cached.loss, uncached.loss, exact);
    for (const [i, g] of cached.grads.entries())
      expectSameValues(g, uncached.grads[i]!, exact, 1e-4);
    tf.dispose([encoded.audio, encoded.visual]);
    model.dispose();
  });
}

describe('forward from cached encoder content', () => {
  it('gives the readonly forward’s logits, loss and prompt gradients (bit for bit on XNNPACK)', async () => {
    await expectIdentical({}, 6);
  });

  it('gives them when the content was computed in smaller chunks than the batch', async () => {
    await expectIdentical({ audioBlocks: 2, visualBlocks: 2 }, 4);
  });

  it('gives them with conv stems and aux heads, and without input prompts', async () => {
    await expectIdentical({ convStem: true, auxHeads: true, dim: 32 }, 3);
    await expectIdentical({ inputPromptLength: 0 }, 2);
  });

  it('refuses content when deep prompts would change it', () => {
    const model = new AVModel(microConfig({ inputPromptMode: 'deep' }), 1);
    model.setMethod('pl', 'noisy_audio');
    const x = tf.zeros([1, 8, 8]);
    expect(() => model.encoderContent('audio', x)).toThrow(/deep input prompts/);
    x.dispose();
    model.dispose();
  });

  it('keeps none of the encoders’ activations: the cached forward holds none of the content path’s tensors', () => {
    const model = new AVModel(
      microConfig({ inputPromptMode: 'readonly', audioBlocks: 3, visualBlocks: 3 }),
      5,
    );
    model.setMethod('pl', 'noisy_visual');
    const encoded = contentInChunks(model, 6);
    const vars = model.trainableParams().map((p) => p.variable);
    const held = (useCache: boolean) =>
      tf.tidy(() => {
        const { audio, visual } = inputs(model);
        const before = tf.memory();
        let after = before;
        const { grads } = tf.variableGrads(() => {
          const out = useCache
            ? model.forwardEncoded(encoded, {}, false)
            : model.forwardOutputs(audio, visual, {}, false);
          after = tf.memory();
          return out.logits.sum() as tf.Scalar;
        }, vars);
        tf.dispose(Object.values(grads));
        return { tensors: after.numTensors - before.numTensors };
      });
    const cached = held(true);
    const uncached = held(false);
    // Each modality block's content path alone makes dozens of tensors (norms, q/k/v, attention,
    // MLP: ~45 here); six blocks of it must be gone, not just a handful.
    expect(uncached.tensors - cached.tensors).toBeGreaterThan(6 * 30);
    tf.dispose([encoded.audio, encoded.visual]);
    model.dispose();
  });
});
