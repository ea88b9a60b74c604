import type { Case } from '@shared/domain/cases';
import { type CorruptionConfig, DEFAULT_CORRUPTION } from '@shared/domain/corruption';
import type { FeatureNormalisation, FeatureShape } from '@shared/domain/features';
import { applyCorruption } from '../engine/corrupt';
import type { CachedFeatureSource } from './cache/cached-feature-source';

export interface PreviewOptions {
  /** Noise types and severity; the rate is forced to 1 so the previewed sample is degraded. */
  corruption?: Omit<CorruptionConfig, 'rate'>;
  seed?: number;
}

export interface SamplePreview {
  index: number;
  case: Case;
  label: number;
  className: string;
  shape: FeatureShape;
  /** Normalised log-mel, [audioFrames, melBins], after the case's corruption. */
  spectrogram: Float32Array;
  /** Normalised image, [imageSize, imageSize, 3] (HWC), after the case's corruption. */
  image: Float32Array;
  normalisation: FeatureNormalisation;
  /** What the engine's applyCorruption did (null = left clean). */
  audioApplied: string | null;
  visualApplied: string | null;
}

/** One sample from the cache, corrupted exactly as training and evaluation corrupt it. */
export async function previewSample(
  source: CachedFeatureSource,
  index: number,
  testCase: Case,
  options: PreviewOptions = {},
): Promise<SamplePreview> {
  if (!Number.isInteger(index) || index < 0 || index >= source.size) {
    throw new RangeError(`sample ${index} is outside 0..${source.size - 1}`);
  }
  const batch = source.batch([index]);
  const config: CorruptionConfig = { ...DEFAULT_CORRUPTION, ...options.corruption, rate: 1 };
  const result = applyCorruption(batch, source.shape, testCase, config, options.seed ?? index);
  const label = batch.labels[0]!;
  return {
    index,
    case: testCase,
    label,
    className: source.classes[label] ?? String(label),
    shape: source.shape,
    spectrogram: result.audio,
    image: result.visual,
    normalisation: source.meta.normalisation,
    audioApplied: result.audioApplied[0] ?? null,
    visualApplied: result.visualApplied[0] ?? null,
  };
}
