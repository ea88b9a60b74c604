import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { microConfig } from '../../../tests/support/engine/micro';
import { useTestBackend } from '../../../tests/support/engine/setup';
import { AVModel } from '../model/model';
import { Rng } from '../rng';
import { crossEntropy } from '../train/loss';
import { blasBatchMatMulKernel, blasFusedMatMulKernel } from './blas-matmul';
import { matmulStatus, setMatmulPath, setMatmulThreads } from './matmul-path';
import { loadNativeBlas } from './native-blas';
import type { WasmBackend } from './wasm-backend';

const { blas, reason } = loadNativeBlas();

const rng = new Rng(11);
const rand = (shape: number[]) =>
  tf.tensor(
    Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal()),
    shape,
  );

/** Runs `f` with the matmuls on `path` and returns its result as plain arrays. */
function on(path: 'xnnpack' | 'openblas', f: () => tf.Tensor[]): Float32Array[] {
  setMatmulPath(path);
  return tf.tidy(f).map((t) => {
    const d = t.dataSync() as Float32Array;
    t.dispose();
    return d;
  });
}

function maxRelDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let scale = 1e-6;
  let diff = 0;
  for (let i = 0; i < a.length; i++) {
    scale = Math.max(scale, Math.abs(b[i]!));
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
  }
  return diff / scale;
}

describe.skipIf(!blas)(blas ? 'OpenBLAS matmul' : `OpenBLAS matmul: skipped, ${reason}`, () => {
  beforeAll(useTestBackend);
  afterAll(() => {
    setMatmulPath('openblas');
  });

  it('is what BatchMatMul and _FusedMatMul run when the addon loads', () => {
    setMatmulPath('openblas');
    expect(matmulStatus().matmul).toBe('openblas');
    expect(tf.getKernel('BatchMatMul', 'wasm')!.kernelFunc).toBe(blasBatchMatMulKernel);
    expect(tf.getKernel('_FusedMatMul', 'wasm')!.kernelFunc).toBe(blasFusedMatMulKernel);
  });

  it('matches the XNNPACK path on random shapes, transposes, batches and broadcasts', () => {
    const cases: [number[], number[], boolean, boolean][] = [
      [[37, 45], [45, 29], false, false],
      [[45, 37], [45, 29], true, false],
      [[37, 45], [29, 45], false, true],
      [[45, 37], [29, 45], true, true],
      [[6, 17, 8], [6, 8, 23], false, false],
      [[6, 8, 17], [6, 23, 8], true, true],
      [[2, 3, 7, 4], [4, 5], false, false],
      [[1, 7, 4], [3, 5, 4], false, true],
      [[3, 1, 7, 4], [3, 4, 5], false, false],
      [[1, 1], [1, 1], false, false],
    ];
    for (const [sa, sb, ta, tb] of cases) {
      const a = rand(sa);
      const b = rand(sb);
      const [want] = on('xnnpack', () => [tf.matMul(a, b, ta, tb)]);
      const [got] = on('openblas', () => [tf.matMul(a, b, ta, tb)]);
      expect(maxRelDiff(got!, want!), `[${sa}]·[${sb}] ${ta} ${tb}`).toBeLessThan(1e-5);
      a.dispose();
      b.dispose();
    }
  });

  it('fused matMul adds the bias, also with transposed operands, and falls back for activations', () => {
    // Compared with matMul + add, not with the shipped _FusedMatMul: in tfjs-backend-wasm 4.22
    // that kernel is wrong (errors ~2) whenever a transpose flag is set together with a bias.
    for (const [ta, tb] of [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ] as const) {
      const a = rand(ta ? [20, 33] : [33, 20]);
      const b = rand(tb ? [12, 20] : [20, 12]);
      const bias = rand([12]);
      const [want] = on('xnnpack', () => [tf.matMul(a, b, ta, tb).add(bias)]);
      const [got] = on('openblas', () => [
        tf.fused.matMul({ a, b, bias, transposeA: ta, transposeB: tb }),
      ]);
      expect(maxRelDiff(got!, want!), `${ta} ${tb}`).toBeLessThan(1e-5);
      if (!ta && !tb) {
        const [relu] = on('openblas', () => [tf.fused.matMul({ a, b, bias, activation: 'relu' })]);
        expect(
          maxRelDiff(
            relu!,
            want!.map((v) => Math.max(v, 0)),
          ),
          'relu',
        ).toBeLessThan(1e-5);
      }
      tf.dispose([a, b, bias]);
    }
  });

  it('gives a tiny model the same logits and gradients on both paths', () => {
    const config = microConfig();
    const model = new AVModel(config, 5);
    model.setMethod('ft', 'complete');
    const B = 4;
    const audio = rand([B, config.audioFrames, config.melBins]);
    const visual = rand([B, config.imageSize, config.imageSize, config.imageChannels]);
    const labels = tf.tensor1d([0, 1, 2, 1], 'int32');
    const vars = model.trainableParams().map((p) => p.variable);
    const run = () => {
      const logits = model.forward(audio as tf.Tensor3D, visual as tf.Tensor4D);
      const { grads } = tf.variableGrads(
        () => crossEntropy(model.forward(audio as tf.Tensor3D, visual as tf.Tensor4D), labels),
        vars,
      );
      return [logits, ...vars.map((v) => grads[v.name]!)];
    };
    const want = on('xnnpack', run);
    const got = on('openblas', run);
    expect(got.length).toBe(vars.length + 1);
    expect(maxRelDiff(got[0]!, want[0]!), 'logits').toBeLessThan(1e-5);
    // Gradients against the largest gradient entry of the model: some are zero analytically
    // (a key bias cannot change a softmax) and hold only rounding noise on either path.
    let scale = 0;
    for (const g of want.slice(1)) for (const v of g) scale = Math.max(scale, Math.abs(v));
    for (let i = 1; i < got.length; i++) {
      let diff = 0;
      for (let j = 0; j < got[i]!.length; j++)
        diff = Math.max(diff, Math.abs(got[i]![j]! - want[i]![j]!));
      expect(diff / scale, model.trainableParams()[i - 1]!.name).toBeLessThan(1e-5);
    }
    tf.dispose([audio, visual, labels]);
    model.dispose();
  });

  it('refuses operands that reach outside the heap instead of touching memory', () => {
    const heap = (tf.backend() as unknown as WasmBackend).wasm.HEAPU8;
    const floats = heap.length / 4;
    expect(() =>
      blas!.sgemmBatched(
        heap,
        false,
        false,
        4,
        4,
        4,
        1,
        floats - 8,
        0,
        4,
        0,
        0,
        4,
        0,
        0,
        4,
        1,
        0,
        -1,
      ),
    ).toThrow(RangeError);
    expect(() =>
      blas!.sgemmBatched(
        heap,
        false,
        false,
        4,
        4,
        4,
        2,
        0,
        0,
        4,
        0,
        0,
        4,
        floats - 20,
        16,
        4,
        1,
        0,
        -1,
      ),
    ).toThrow(RangeError);
    expect(() =>
      blas!.sgemmBatched(heap, false, false, 4, 4, 4, 1, 0, 0, 3, 0, 0, 4, 64, 0, 4, 1, 0, -1),
    ).toThrow(/outside the heap/);
  });

  it('maps the thread setting to OpenBLAS', () => {
    setMatmulPath('openblas');
    expect(setMatmulThreads(1).threads).toBe(1);
    expect(blas!.getThreads()).toBe(1);
    expect(setMatmulThreads(2).threads).toBe(2);
    expect(() => setMatmulThreads(0)).toThrow(/positive integer/);
  });
});
