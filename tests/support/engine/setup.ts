import type * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import { selectBackend } from '../../../src-main/engine/backend';
import { matmulStatus, setMatmulPath } from '../../../src-main/engine/wasm-kernels/matmul-path';
import { loadNativeBlas, type MatmulPath } from '../../../src-main/engine/wasm-kernels/native-blas';

/** Engine tests run on wasm (what ships everywhere); the cpu backend would also do, slower. */
export async function useTestBackend(): Promise<void> {
  await selectBackend('wasm');
}

/** A tensor's bytes, for bit-exact comparisons. */
export function bytesOf(t: tf.Tensor): Uint8Array {
  const d = t.dataSync() as Float32Array;
  return new Uint8Array(d.buffer.slice(d.byteOffset, d.byteOffset + d.byteLength));
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Runs `f` on each matmul path this machine has (XNNPACK always, OpenBLAS when the addon is
 * built), restoring the path that was active. `exact` says whether a row's result may be
 * expected bit for bit whatever the batch it was computed in: true on XNNPACK; not on OpenBLAS,
 * whose FMA kernels (Haswell, SkylakeX) round a row differently by where it falls in a call's
 * tiles, so results there agree to float rounding only.
 */
export async function onEachMatmulPath(
  f: (path: MatmulPath, exact: boolean) => void | Promise<void>,
): Promise<void> {
  const before = matmulStatus().matmul;
  const paths: MatmulPath[] = loadNativeBlas().blas ? ['xnnpack', 'openblas'] : ['xnnpack'];
  try {
    for (const path of paths) {
      setMatmulPath(path);
      await f(path, path === 'xnnpack');
    }
  } finally {
    setMatmulPath(before);
  }
}

/** Equal bit for bit when `exact`, else within `tolerance` of b's largest magnitude. */
export function expectSameValues(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  exact: boolean,
  tolerance = 1e-5,
): void {
  expect(a.length).toBe(b.length);
  if (exact) {
    expect(Array.from(a)).toEqual(Array.from(b));
    return;
  }
  let scale = 1e-6;
  let diff = 0;
  for (let i = 0; i < a.length; i++) {
    scale = Math.max(scale, Math.abs(b[i]!));
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
  }
  expect(diff / scale).toBeLessThan(tolerance);
}
