import { describe, expect, it } from 'vitest';
import { DecodeError } from '../decode-error';
import { sourceLimits } from '../source-limits';
import { checkAudioDecodeBudget } from './decode-budget';
import { encodeWav } from './encode-wav-for-tests';

/** A WAV whose header claims `frames` 8-bit mono frames at `rate`; only the header is real. */
function claimedWav(frames: number, rate: number): Uint8Array {
  const small = encodeWav({ code: 1, bits: 8, sampleRate: rate, frames: [[0]] });
  const bytes = new Uint8Array(44 + frames);
  bytes.set(small.subarray(0, 44));
  new DataView(bytes.buffer).setUint32(40, frames, true);
  return bytes;
}

describe('checkAudioDecodeBudget', () => {
  it('refuses a small low-rate file whose resampled copy would be far larger than the file', () => {
    // 1 MB of 8-bit 1 kHz audio: 4 MB decoded plus 64 MB at 16 kHz, against 4 × 2 MB.
    const limits = sourceLimits({ maxFileMB: 2 });
    const bytes = claimedWav(1024 * 1024, 1000);
    expect(() => checkAudioDecodeBudget(bytes, 'low.wav', limits)).toThrow(DecodeError);
    expect(() => checkAudioDecodeBudget(bytes, 'low.wav', limits)).toThrow(
      /^low\.wav: 1048\.6 s of audio decode to 68\.0 MB \(at 1000 Hz and resampled to 16000 Hz\), above the 8\.0 MB budget \(4 × the file limit; raise it with options\.limits\.maxFileMB/,
    );
  });

  it('accepts the same clip under a larger file limit, and a clip within budget', () => {
    const bytes = claimedWav(1024 * 1024, 1000);
    expect(() =>
      checkAudioDecodeBudget(bytes, 'low.wav', sourceLimits({ maxFileMB: 20 })),
    ).not.toThrow();
    expect(() =>
      checkAudioDecodeBudget(claimedWav(16000, 16000), 'ok.wav', sourceLimits()),
    ).not.toThrow();
  });
});
