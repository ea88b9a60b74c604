import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import wavefile from 'wavefile';
import { FSDD_RECORDINGS, loadFbankFixture } from '../../../tests/fixtures/fbank/load-fixture';
import { DecodeError } from '../decode-error';
import { decodeWav } from './wav';

function makeWav(channels: number, bitDepth: string, samples: number[] | number[][]): Uint8Array {
  const wav = new wavefile.WaveFile();
  wav.fromScratch(channels, 8000, bitDepth, samples);
  return wav.toBuffer();
}

describe('decodeWav', () => {
  it('scales every PCM depth and float32 to [-1, 1] as torchaudio.load does', () => {
    expect(Array.from(decodeWav(makeWav(1, '8', [0, 128, 255]), 'a.wav').samples)).toEqual([
      -1,
      0,
      127 / 128,
    ]);
    expect(Array.from(decodeWav(makeWav(1, '16', [-32768, 0, 16384]), 'b.wav').samples)).toEqual([
      -1, 0, 0.5,
    ]);
    expect(Array.from(decodeWav(makeWav(1, '24', [-8388608, 4194304]), 'c.wav').samples)).toEqual([
      -1, 0.5,
    ]);
    expect(
      Array.from(decodeWav(makeWav(1, '32', [-2147483648, 1073741824]), 'd.wav').samples),
    ).toEqual([-1, 0.5]);
    expect(Array.from(decodeWav(makeWav(1, '32f', [0.25, -0.75]), 'e.wav').samples)).toEqual([
      0.25, -0.75,
    ]);
  });

  it('averages channels into mono', () => {
    const decoded = decodeWav(
      makeWav(2, '16', [
        [16384, 0],
        [0, -16384],
      ]),
      'stereo.wav',
    );
    expect(decoded.channels).toBe(2);
    expect(Array.from(decoded.samples)).toEqual([0.25, -0.25]);
  });

  it('decodes real FSDD clips bit-identically to torchaudio.load', () => {
    for (const clip of loadFbankFixture().clips) {
      const decoded = decodeWav(readFileSync(`${FSDD_RECORDINGS}/${clip.file}`), clip.file);
      expect(decoded.sampleRate).toBe(8000);
      expect(decoded.samples).toEqual(clip.source);
    }
  });

  it.each([
    ['an empty file', new Uint8Array(0), /empty file/],
    ['text', new TextEncoder().encode('hello, I am not audio at all'), /not a RIFF/],
    ['a truncated data chunk', makeWav(1, '16', [1, 2, 3, 4]).subarray(0, 46), /truncated/],
    ['a float sample that is NaN', makeWav(1, '32f', [0.1, Number.NaN]), /non-finite/],
    ['an infinite float sample', makeWav(1, '32f', [Number.POSITIVE_INFINITY]), /non-finite/],
  ])('rejects %s with a DecodeError naming the file', (_, bytes, reason) => {
    expect(() => decodeWav(bytes, 'bad.wav')).toThrow(DecodeError);
    expect(() => decodeWav(bytes, 'bad.wav')).toThrow(reason);
    expect(() => decodeWav(bytes, 'bad.wav')).toThrow(/^bad\.wav: /);
  });

  it('rejects a header that lies about its channel count', () => {
    const bytes = makeWav(1, '16', [1, 2, 3, 4]);
    new DataView(bytes.buffer, bytes.byteOffset).setUint16(22, 0, true);
    expect(() => decodeWav(bytes, 'lying.wav')).toThrow(/bad channel count 0/);
  });
});
