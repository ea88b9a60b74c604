import {
  DEFAULT_FEATURE_SETTINGS,
  type FeatureSettingsRequest,
  type ImportLimitsRequest,
} from '@shared/domain/dataset';

/**
 * What an import will decode. Decoding holds a whole file and its decoded form in memory, so
 * these bound an import's memory (README "Memory bound"); a user with larger files raises them
 * per import (`options.limits`, `--max-file-mb` / `--max-image-mp`).
 */
export interface SourceLimits {
  /** Largest audio, image, manifest or IDX file read. */
  maxFileBytes: number;
  /** Largest image, width × height, checked in the file's header before any pixel exists. */
  maxImagePixels: number;
  /**
   * Largest decoded clip: mono float32 at the file's rate plus its resampled copy at the
   * feature rate, from the WAV header. The file limit alone does not bound it: an 8-bit 1 kHz
   * file resampled to 16 kHz takes 64 times its size.
   */
  maxDecodedAudioBytes: number;
  /** The feature sample rate the clips will be resampled to. */
  featureRate: number;
}

export const MB = 1024 * 1024;

/** The decoded-audio budget is this many times the file limit. */
export const DECODED_AUDIO_FACTOR = 4;

export const DEFAULT_SOURCE_LIMITS: SourceLimits = {
  maxFileBytes: 128 * MB,
  maxImagePixels: 25_000_000,
  maxDecodedAudioBytes: DECODED_AUDIO_FACTOR * 128 * MB,
  featureRate: DEFAULT_FEATURE_SETTINGS.sampleRate,
};

/** The option names a user raises a limit with, for messages. */
export const LIMIT_OPTION_NAMES = {
  maxFileBytes: 'options.limits.maxFileMB (--max-file-mb)',
  maxImagePixels: 'options.limits.maxImageMegapixels (--max-image-mp)',
} as const;

export function sourceLimits(
  request?: ImportLimitsRequest,
  features?: FeatureSettingsRequest,
): SourceLimits {
  const maxFileBytes =
    request?.maxFileMB === undefined
      ? DEFAULT_SOURCE_LIMITS.maxFileBytes
      : Math.round(request.maxFileMB * MB);
  return {
    maxFileBytes,
    maxImagePixels:
      request?.maxImageMegapixels === undefined
        ? DEFAULT_SOURCE_LIMITS.maxImagePixels
        : Math.round(request.maxImageMegapixels * 1e6),
    maxDecodedAudioBytes: DECODED_AUDIO_FACTOR * maxFileBytes,
    featureRate: features?.sampleRate ?? DEFAULT_FEATURE_SETTINGS.sampleRate,
  };
}
