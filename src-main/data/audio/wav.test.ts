import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import wavefile from 'wavefile';
import { FSDD_RECORDINGS, loadFbankFixture } from '../../../tests/fixtures/fbank/load-fixture';
import { DecodeError } from '../decode-error';
import { encodeWav } from './encode-wav-for-tests';
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

  describe('every subformat, plain tag and WAVE_FORMAT_EXTENSIBLE', () => {
    /** A chord with a different phase per channel, kept inside (-1, 1). */
    const signal = (channels: number, length = 800): number[][] =>
      Array.from({ length }, (_, n) =>
        Array.from(
          { length: channels },
          (_, c) =>
            0.55 * Math.sin((2 * Math.PI * 440 * n) / 8000 + 0.3 * c) +
            0.35 * Math.sin((2 * Math.PI * 1330 * n) / 8000 + 0.5 * c),
        ),
      );
    const F32_STEP = 2 ** -24;
    const cases = [
      { name: 'PCM 8-bit', code: 1, bits: 8, step: 2 ** -7 },
      { name: 'PCM 16-bit', code: 1, bits: 16, step: 2 ** -15 },
      { name: 'PCM 24-bit', code: 1, bits: 24, step: 2 ** -23 },
      { name: 'PCM 32-bit', code: 1, bits: 32, step: 2 ** -31 },
      { name: 'IEEE float 32', code: 3, bits: 32, step: F32_STEP },
      { name: 'IEEE float 64', code: 3, bits: 64, step: 0 },
    ];
    const layouts = cases.flatMap((c) =>
      [1, 2, 6].flatMap((channels) =>
        [false, true].map((extensible) => ({ ...c, channels, extensible })),
      ),
    );

    it.each(layouts)(
      '$name, $channels channel(s), extensible $extensible: within the quantisation step',
      ({ code, bits, step, channels, extensible }) => {
        const frames = signal(channels);
        const decoded = decodeWav(encodeWav({ code, bits, extensible, frames }), 'tone.wav');
        expect(decoded.channels).toBe(channels);
        expect(decoded.sampleRate).toBe(8000);
        expect(decoded.samples.length).toBe(frames.length);
        // Rounding to the format's step (half a step) plus the Float32 result's own rounding.
        const tolerance = step / 2 + F32_STEP;
        let worst = 0;
        frames.forEach((frame, n) => {
          const mean = frame.reduce((a, b) => a + b, 0) / channels;
          worst = Math.max(worst, Math.abs(decoded.samples[n]! - mean));
        });
        expect(worst).toBeLessThanOrEqual(tolerance);
        // The downmix must keep a loud signal, or the comparison above would prove little.
        expect(Math.max(...decoded.samples.map(Math.abs))).toBeGreaterThan(0.3);
      },
    );

    it('reads an ffmpeg-style float32 WAVE_FORMAT_EXTENSIBLE file as float, not int32', () => {
      const bytes = encodeWav({ code: 3, bits: 32, extensible: true, frames: [[0.5], [-0.25]] });
      expect(Array.from(decodeWav(bytes, 'ffmpeg.wav').samples)).toEqual([0.5, -0.25]);
    });

    const guid = (code: number) =>
      new Uint8Array([code, 0, 0, 0, 0, 0, 0x10, 0, 0x80, 0, 0, 0xaa, 0, 0x38, 0x9b, 0x71]);
    it.each([
      ['A-law tag', { code: 6, bits: 8 }, /format tag 6 \(A-law\)/],
      ['µ-law tag', { code: 7, bits: 8 }, /format tag 7 \(µ-law\)/],
      ['MS ADPCM tag', { code: 2, bits: 16 }, /format tag 2 \(Microsoft ADPCM\)/],
      ['IMA ADPCM tag', { code: 0x11, bits: 16 }, /format tag 17 \(IMA ADPCM\)/],
      ['an unknown tag', { code: 0x1234, bits: 16 }, /format tag 4660 \(format 0x1234\)/],
      [
        'an extensible A-law subformat',
        { code: 6, bits: 8, extensible: true },
        /subformat 00000006-0000-0010-8000-00aa00389b71 \(A-law\)/,
      ],
      [
        'an extensible µ-law subformat',
        { code: 7, bits: 8, extensible: true },
        /subformat 00000007-0000-0010-8000-00aa00389b71 \(µ-law\)/,
      ],
      [
        'an unknown extensible subformat GUID',
        {
          code: 1,
          bits: 16,
          extensible: true,
          guid: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]),
        },
        /subformat GUID 04030201-0605-0807-090a-0b0c0d0e0f10/,
      ],
      [
        'an extensible subformat of another base GUID',
        { code: 1, bits: 16, extensible: true, guid: guid(1).map((b, i) => (i === 15 ? 0 : b)) },
        /subformat GUID 00000001-0000-0010-8000-00aa00389b00/,
      ],
      ['16-bit float', { code: 3, bits: 16 }, /unsupported IEEE float WAV with 16 bits/],
      [
        '64-bit integer PCM (extensible)',
        { code: 1, bits: 64, extensible: true },
        /unsupported PCM \(WAVE_FORMAT_EXTENSIBLE\) WAV with 64 bits/,
      ],
    ])('refuses %s, naming the file and the format', (_, spec, reason) => {
      // The encoder cannot quantise every depth; the header is what is under test.
      const bytes =
        spec.bits === 64 && spec.code === 1
          ? encodeWav({ ...spec, code: 3, frames: [[0.1]] })
          : encodeWav({ ...spec, frames: [[0.1], [0.2]] });
      if (spec.bits === 64 && spec.code === 1) {
        // Turn the float64 file into a 64-bit PCM one: subformat code 1.
        new DataView(bytes.buffer).setUint32(20 + 24, 1, true);
      }
      expect(() => decodeWav(bytes, 'odd.wav')).toThrow(DecodeError);
      expect(() => decodeWav(bytes, 'odd.wav')).toThrow(/^odd\.wav: /);
      expect(() => decodeWav(bytes, 'odd.wav')).toThrow(reason);
    });

    it('refuses an extensible fmt chunk too short to hold its subformat', () => {
      const bytes = encodeWav({ code: 1, bits: 16, frames: [[0.1]] });
      new DataView(bytes.buffer).setUint16(20, 0xfffe, true);
      expect(() => decodeWav(bytes, 'short.wav')).toThrow(/short\.wav: .*needs 40/);
    });
  });
});
