import * as tf from '@tensorflow/tfjs';

/**
 * High-water marks of tensor bytes and RSS. tfjs keeps no peak outside tf.profile, so the engine
 * samples tf.memory() where memory is highest: at the end of each forward pass and inside the
 * linear layers' backward (when activations and gradients are alive together).
 */
let peakTensorBytes = 0;
let peakRssBytes = 0;

export function sampleTensorMemory(): void {
  const bytes = tf.memory().numBytes;
  if (bytes > peakTensorBytes) peakTensorBytes = bytes;
}

export function sampleRss(): void {
  const rss = process.memoryUsage().rss;
  if (rss > peakRssBytes) peakRssBytes = rss;
}

/** Starts a new measurement window (one run, one benchmark phase). */
export function resetPeaks(): void {
  peakTensorBytes = tf.memory().numBytes;
  peakRssBytes = process.memoryUsage().rss;
}

export function peaks(): { peakTensorBytes: number; peakRssBytes: number } {
  sampleTensorMemory();
  sampleRss();
  return { peakTensorBytes, peakRssBytes };
}
