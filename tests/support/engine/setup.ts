import type * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../../src-main/engine/backend';

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
