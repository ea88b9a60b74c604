import * as tf from '@tensorflow/tfjs';

/**
 * The matmul path's float32 GEMM speed on a large square product (n×n by n×n, best of `rounds`),
 * in GFLOP/s: the ceiling the samples/s figures sit under, and the way to compare them across
 * machines (PERF-NOTES quotes the same figure for the machine its PyTorch numbers come from).
 */
export async function gemmPeak(n = 2048, rounds = 5): Promise<number> {
  const a = tf.randomNormal([n, n], 0, 1, 'float32', 1);
  const b = tf.randomNormal([n, n], 0, 1, 'float32', 2);
  tf.tidy(() => tf.matMul(a, b)).dispose(); // warm-up: heap growth, OpenBLAS's thread start
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    const c = tf.matMul(a, b);
    await c.data();
    best = Math.min(best, performance.now() - t0);
    c.dispose();
  }
  a.dispose();
  b.dispose();
  return (2 * n ** 3) / (best / 1000) / 1e9;
}
