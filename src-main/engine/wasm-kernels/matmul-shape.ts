import * as tf from '@tensorflow/tfjs';
import type { TensorInfoLike } from './wasm-backend';

/** The sizes of op(A)·op(B) over batch dims, as both matmul kernels (XNNPACK, OpenBLAS) need. */
export interface MatMulShape {
  /** Stored (untransposed) sizes of each operand's last two dims. */
  aRows: number;
  aCols: number;
  bRows: number;
  bCols: number;
  /** op(A) is [M, K], op(B) is [K, N]. */
  M: number;
  N: number;
  K: number;
  /** Broadcast batch dims of the output. */
  outer: number[];
  batchA: number;
  batchB: number;
  /** The broadcast batch, not max(batchA, batchB): [3, 1]·[3] has 9 products, not 3. */
  batch: number;
  /** Each operand's batch is the full batch or 1: the only broadcast these kernels run. */
  simpleBroadcast: boolean;
}

export function matMulShape(
  a: TensorInfoLike,
  b: TensorInfoLike,
  transA: boolean,
  transB: boolean,
): MatMulShape {
  const ra = a.shape.length;
  const rb = b.shape.length;
  const [aRows, aCols] = [a.shape[ra - 2]!, a.shape[ra - 1]!];
  const [bRows, bCols] = [b.shape[rb - 2]!, b.shape[rb - 1]!];
  const M = transA ? aCols : aRows;
  const K = transA ? aRows : aCols;
  const N = transB ? bRows : bCols;
  const Kb = transB ? bCols : bRows;
  if (K !== Kb)
    throw new Error(`matMul: inner shapes ${K} and ${Kb} of [${a.shape}] and [${b.shape}] differ`);
  const outer = tf.broadcast_util.assertAndGetBroadcastShape(
    a.shape.slice(0, -2),
    b.shape.slice(0, -2),
  );
  const product = (dims: number[]) => dims.reduce((x, y) => x * y, 1);
  const batchA = product(a.shape.slice(0, -2));
  const batchB = product(b.shape.slice(0, -2));
  const batch = product(outer);
  const simpleBroadcast = (batchA === batch || batchA === 1) && (batchB === batch || batchB === 1);
  return { aRows, aCols, bRows, bCols, M, N, K, outer, batchA, batchB, batch, simpleBroadcast };
}
