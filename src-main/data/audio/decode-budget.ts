import { DecodeError } from '../decode-error';
import { formatBytes } from '../source-file';
import { DECODED_AUDIO_FACTOR, LIMIT_OPTION_NAMES, type SourceLimits } from '../source-limits';
import { inspectWavLayout, wavFrameCount } from './wav';

/**
 * Refuses, from the WAV header alone, a clip whose decoded forms would not fit the import's
 * budget: mono float32 at the file's rate, plus the copy resampled to the feature rate.
 */
export function checkAudioDecodeBudget(
  bytes: Uint8Array,
  file: string,
  limits: SourceLimits,
): void {
  const layout = inspectWavLayout(bytes, file);
  const frames = wavFrameCount(layout);
  const seconds = frames / layout.sampleRate;
  const decoded = 4 * (frames + Math.ceil(seconds * limits.featureRate));
  if (decoded > limits.maxDecodedAudioBytes) {
    throw new DecodeError(
      file,
      `${seconds.toFixed(1)} s of audio decode to ${formatBytes(decoded)} (at ${layout.sampleRate} Hz` +
        ` and resampled to ${limits.featureRate} Hz), above the ${formatBytes(limits.maxDecodedAudioBytes)}` +
        ` budget (${DECODED_AUDIO_FACTOR} × the file limit; raise it with ${LIMIT_OPTION_NAMES.maxFileBytes})`,
    );
  }
}
