import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestBackend } from '../../../tests/support/engine/setup';
import { Rng } from '../rng';
import { batchMatMulKernel } from './batch-matmul';
import { setMatmulPath } from './matmul-path';
import { sliceKernel } from './slice';

// The XNNPACK BatchMatMul is tested here; blas-matmul.test.ts compares OpenBLAS against it.
beforeAll(async () => {
  await useTestBackend();
  setMatmulPath('xnnpack');
});

const rng = new Rng(3);
const rand = (shape: number[]) =>
  tf.tensor(
    Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal()),
    shape,
  );

/** Reference product of row-major [batch, M, K]·[batch, K, N] in plain JS. */
function naive(a: tf.Tensor, b: tf.Tensor, ta: boolean, tb: boolean): Float32Array {
  const A = a.dataSync();
  const B = b.dataSync();
  const [aR, aC] = a.shape.slice(-2) as [number, number];
  const [bR, bC] = b.shape.slice(-2) as [number, number];
  const batchA = a.size / (aR * aC);
  const batchB = b.size / (bR * bC);
  const batch = Math.max(batchA, batchB);
  const [M, K] = ta ? [aC, aR] : [aR, aC];
  const N = tb ? bR : bC;
  const out = new Float32Array(batch * M * N);
  for (let p = 0; p < batch; p++) {
    const ao = (batchA === 1 ? 0 : p) * aR * aC;
    const bo = (batchB === 1 ? 0 : p) * bR * bC;
    for (let i = 0; i < M; i++)
      for (let j = 0; j < N; j++) {
        let s = 0;
        for (let k = 0; k < K; k++)
          s += A[ao + (ta ? k * aC + i : i * aC + k)]! * B[bo + (tb ? j * bC + k : k * bC + j)]!;
        out[p * M * N + i * N + j] = s;
      }
  }
  return out;
}

describe('replacement wasm kernels', () => {
  it('are the kernels registered for wasm', () => {
    expect(tf.getKernel('BatchMatMul', 'wasm')!.kernelFunc).toBe(batchMatMulKernel);
    expect(tf.getKernel('Slice', 'wasm')!.kernelFunc).toBe(sliceKernel);
  });

  it('BatchMatMul matches a plain product for every transpose and batch pattern', () => {
    const cases: [number[], number[], boolean, boolean][] = [
      [[5, 3, 4], [5, 4, 6], false, false],
      [[5, 4, 3], [5, 4, 6], true, false],
      [[5, 3, 4], [5, 6, 4], false, true],
      [[5, 4, 3], [5, 6, 4], true, true],
      [[2, 3, 7, 4], [4, 5], false, false],
      [[1, 7, 4], [3, 4, 5], false, false],
      [[9, 4], [4, 2], false, false],
      [[4, 9], [2, 4], true, true],
    ];
    for (const [sa, sb, ta, tb] of cases) {
      const a = rand(sa);
      const b = rand(sb);
      const got = tf.matMul(a, b, ta, tb);
      const want = naive(a, b, ta, tb);
      const diff = Math.max(...Array.from(got.dataSync(), (v, i) => Math.abs(v - want[i]!)));
      expect(diff, `[${sa}]·[${sb}] ${ta} ${tb}`).toBeLessThan(1e-4);
    }
  });

  it('Transpose (shipped) matches index arithmetic for the permutations the engine uses', () => {
    for (const [shape, perm] of [
      [
        [37, 45],
        [1, 0],
      ],
      [
        [3, 33, 40],
        [0, 2, 1],
      ],
      [
        [2, 5, 3, 4],
        [0, 2, 1, 3],
      ],
      [
        [2, 5, 3, 4],
        [0, 1, 3, 2],
      ],
      [
        [4, 3, 2],
        [1, 0, 2],
      ],
      [
        [4, 3, 2],
        [2, 0, 1],
      ],
    ] as [number[], number[]][]) {
      const x = rand(shape);
      const got = x.transpose(perm);
      const xv = x.dataSync();
      const out = got.dataSync();
      const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
      const oShape = perm.map((p) => shape[p]!);
      for (let flat = 0; flat < out.length; flat++) {
        let rem = flat;
        let src = 0;
        for (let d = 0; d < oShape.length; d++) {
          const size = oShape.slice(d + 1).reduce((a, b) => a * b, 1);
          const idx = Math.floor(rem / size);
          rem -= idx * size;
          src += idx * strides[perm[d]!]!;
        }
        if (out[flat] !== xv[src])
          throw new Error(`transpose [${shape}] by [${perm}] wrong at ${flat}`);
      }
      expect(got.shape).toEqual(oShape);
    }
  });

  it('Sum over leading axes (with and without keepDims) and other axes', () => {
    const x = rand([6, 5, 4]);
    const v = x.dataSync();
    const lead = x.sum([0, 1], true);
    expect(lead.shape).toEqual([1, 1, 4]);
    for (let j = 0; j < 4; j++) {
      let s = 0;
      for (let r = 0; r < 30; r++) s += v[r * 4 + j]!;
      expect(lead.dataSync()[j]).toBeCloseTo(s, 4);
    }
    expect(x.sum(0).shape).toEqual([5, 4]);
    expect(x.sum(0).dataSync()[7]).toBeCloseTo(
      v[7]! + v[27]! + v[47]! + v[67]! + v[87]! + v[107]!,
      4,
    );
    const last = x.sum(-1).dataSync(); // shipped kernel path
    expect(last[0]).toBeCloseTo(v[0]! + v[1]! + v[2]! + v[3]!, 4);
  });

  it('Slice, unstack, split and the gradient of concat read in place correctly', () => {
    const x = tf.range(0, 2 * 3 * 4 * 5).reshape([2, 3, 4, 5]);
    const v = x.dataSync();
    const at = (i: number, j: number, k: number, l: number) => v[((i * 3 + j) * 4 + k) * 5 + l]!;
    const s = x.slice([1, 1, 2, 1], [1, 2, 2, 3]).dataSync();
    const want: number[] = [];
    for (let j = 1; j < 3; j++)
      for (let k = 2; k < 4; k++) for (let l = 1; l < 4; l++) want.push(at(1, j, k, l));
    expect(Array.from(s)).toEqual(want);
    const parts = tf.unstack(x, 1);
    expect(parts).toHaveLength(3);
    expect(parts[2]!.shape).toEqual([2, 4, 5]);
    expect(parts[2]!.dataSync()[5]).toBe(at(0, 2, 1, 0));
    const [p, q] = tf.split(x, [1, 4], 3);
    expect(q!.shape).toEqual([2, 3, 4, 4]);
    expect(q!.dataSync()[0]).toBe(at(0, 0, 0, 1));
    expect(p!.dataSync()[1]).toBe(at(0, 0, 1, 0));
    const a = rand([2, 3]);
    const b = rand([2, 4]);
    const [ga, gb] = tf.grads((u: tf.Tensor, w: tf.Tensor) =>
      tf
        .concat([u, w], 1)
        .mul(tf.range(1, 8).reshape([1, 7]))
        .sum(),
    )([a, b]);
    expect(Array.from(ga!.dataSync())).toEqual([1, 2, 3, 1, 2, 3]);
    expect(Array.from(gb!.dataSync())).toEqual([4, 5, 6, 7, 4, 5, 6, 7]);
  });
});
