import type { FeatureShape, FeatureSource, SampleBatch } from '@shared/domain/features';
import { Rng } from '../../../src-main/engine/rng';

/**
 * An in-memory multi-label FeatureSource: sample i has class i mod C, and when i is odd also
 * class (i + 1) mod C; its features are the sum of its classes' random templates (audio and
 * image alike) plus noise, so every label is learnable from either modality.
 */
export function syntheticMultiLabelSource(
  shape: FeatureShape,
  classes: number,
  counts: { train: number; val: number; test: number },
  seed = 1,
  noise = 0.3,
): FeatureSource & { labelSets: number[][] } {
  const rng = new Rng(seed);
  const aLen = shape.audioFrames * shape.melBins;
  const vLen = shape.imageSize * shape.imageSize * shape.imageChannels;
  const total = counts.train + counts.val + counts.test;
  const template = (n: number) => Float32Array.from({ length: n }, () => rng.normal());
  const audioT = Array.from({ length: classes }, () => template(aLen));
  const visualT = Array.from({ length: classes }, () => template(vLen));
  const labelSets = Array.from({ length: total }, (_, i) =>
    i % 2 === 1
      ? [...new Set([i % classes, (i + 1) % classes])].sort((a, b) => a - b)
      : [i % classes],
  );
  const audio = new Float32Array(total * aLen);
  const visual = new Float32Array(total * vLen);
  for (let i = 0; i < total; i++) {
    for (let j = 0; j < aLen; j++) {
      let v = noise * rng.normal();
      for (const c of labelSets[i]!) v += audioT[c]![j]!;
      audio[i * aLen + j] = v;
    }
    for (let j = 0; j < vLen; j++) {
      let v = noise * rng.normal();
      for (const c of labelSets[i]!) v += visualT[c]![j]!;
      visual[i * vLen + j] = v;
    }
  }
  const range = (from: number, n: number) => Int32Array.from({ length: n }, (_, i) => from + i);
  const splits = {
    train: range(0, counts.train),
    val: range(counts.train, counts.val),
    test: range(counts.train + counts.val, counts.test),
  };
  return {
    shape,
    task: 'multi-label',
    labelSets,
    classes: Array.from({ length: classes }, (_, i) => `class${i}`),
    indices: (split) => splits[split],
    labelsOf: (i) => labelSets[i]!,
    batch(sampleIndices): SampleBatch {
      const n = sampleIndices.length;
      const out = {
        size: n,
        audio: new Float32Array(n * aLen),
        visual: new Float32Array(n * vLen),
        labels: new Int32Array(n),
        targets: new Float32Array(n * classes),
        sampleIndices: Int32Array.from(sampleIndices),
      };
      for (let r = 0; r < n; r++) {
        const s = sampleIndices[r]!;
        out.audio.set(audio.subarray(s * aLen, (s + 1) * aLen), r * aLen);
        out.visual.set(visual.subarray(s * vLen, (s + 1) * vLen), r * vLen);
        out.labels[r] = labelSets[s]![0]!;
        for (const c of labelSets[s]!) out.targets[r * classes + c] = 1;
      }
      return out;
    },
  };
}
