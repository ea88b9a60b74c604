import * as tf from '@tensorflow/tfjs';
import { wasmLiveBytes } from './wasm-kernels/heap-accounting';

/**
 * High-water marks of tensor bytes and RSS. tfjs keeps no peak outside tf.profile, so the engine
 * samples where memory is highest: at the end of each forward pass and inside the linear and
 * attention backward (when activations and gradients are alive together).
 *
 * Tensor bytes are summed per distinct buffer (see wasm-kernels/heap-accounting.ts for why
 * tf.memory().numBytes is not used on wasm).
 */
let peakTensorBytes = 0;
let peakRssBytes = 0;

/** Bytes of distinct tensor buffers alive now (wasm: counted at allocation; else tfjs's count). */
export function liveTensorBytes(): number {
  return wasmLiveBytes() ?? tf.memory().numBytes;
}

export function sampleTensorMemory(): void {
  const bytes = liveTensorBytes();
  if (bytes > peakTensorBytes) peakTensorBytes = bytes;
}

export function sampleRss(): void {
  const rss = process.memoryUsage().rss;
  if (rss > peakRssBytes) peakRssBytes = rss;
}

/** Starts a new measurement window (one run, one benchmark phase). */
export function resetPeaks(): void {
  peakTensorBytes = liveTensorBytes();
  peakRssBytes = process.memoryUsage().rss;
}

export function peaks(): { peakTensorBytes: number; peakRssBytes: number } {
  sampleTensorMemory();
  sampleRss();
  return { peakTensorBytes, peakRssBytes };
}
