import { DecodeError } from '../decode-error';
import { describeWavFormat, type SampleEncoding, sampleEncoding } from './wav-format';

/** Mono PCM in [-1, 1] (float WAVs may exceed it) at its native rate. */
export interface DecodedAudio {
  samples: Float32Array;
  sampleRate: number;
  /** Channels in the file before the mono downmix. */
  channels: number;
}

const MAX_CHANNELS = 64;

export interface WavLayout {
  /** The format tag of the fmt chunk (1 PCM, 3 IEEE float, 0xFFFE extensible, …). */
  formatTag: number;
  /** How samples are stored, after resolving an extensible subformat. */
  encoding: SampleEncoding;
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  dataOffset: number;
  dataBytes: number;
}

/**
 * Walks the RIFF chunks with bounds checks, so that a lying or truncated header is rejected
 * with a precise reason instead of being read past its end, and resolves what the samples are:
 * a WAVE_FORMAT_EXTENSIBLE file says so only in its subformat GUID (ffmpeg writes float32 that
 * way), so the tag alone must never decide.
 */
export function inspectWavLayout(bytes: Uint8Array, file: string): WavLayout {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (offset: number) => String.fromCharCode(...bytes.subarray(offset, offset + 4));
  if (bytes.length === 0) throw new DecodeError(file, 'empty file (0 bytes)');
  if (bytes.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') {
    throw new DecodeError(file, 'not a RIFF/WAVE file');
  }
  let fmt: { body: number; size: number } | undefined;
  let data: { offset: number; bytes: number } | undefined;
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const id = tag(offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'data') {
      if (body + size > bytes.length) {
        throw new DecodeError(
          file,
          `truncated: data chunk claims ${size} bytes but ${bytes.length - body} remain`,
        );
      }
      data = { offset: body, bytes: size };
    } else if (id === 'fmt ') {
      if (size < 16 || body + size > bytes.length) {
        throw new DecodeError(file, `bad fmt chunk (size ${size})`);
      }
      fmt = { body, size };
    } else if (body + size > bytes.length) {
      // A trailing metadata chunk that is cut short does not hurt the samples.
      break;
    }
    offset = body + size + (size % 2);
  }
  if (!fmt) throw new DecodeError(file, 'no fmt chunk');
  if (!data) throw new DecodeError(file, 'no data chunk');

  const formatTag = view.getUint16(fmt.body, true);
  const channels = view.getUint16(fmt.body + 2, true);
  const sampleRate = view.getUint32(fmt.body + 4, true);
  const bitsPerSample = view.getUint16(fmt.body + 14, true);
  const format = describeWavFormat(formatTag, bytes.subarray(fmt.body, fmt.body + fmt.size));
  if (format.problem) throw new DecodeError(file, format.problem);
  if (channels < 1 || channels > MAX_CHANNELS) {
    throw new DecodeError(file, `bad channel count ${channels}`);
  }
  if (sampleRate < 1000 || sampleRate > 384_000) {
    throw new DecodeError(file, `implausible sample rate ${sampleRate} Hz`);
  }
  const encoding = sampleEncoding(format.code, bitsPerSample);
  if (!encoding) {
    throw new DecodeError(
      file,
      `unsupported ${format.name} WAV with ${bitsPerSample} bits per sample` +
        ` (supported: PCM 8/16/24/32-bit, IEEE float 32/64-bit)`,
    );
  }
  const frameBytes = (channels * bitsPerSample) / 8;
  if (data.bytes < frameBytes) throw new DecodeError(file, 'no samples (empty data chunk)');
  return {
    formatTag,
    encoding,
    channels,
    sampleRate,
    bitsPerSample,
    dataOffset: data.offset,
    dataBytes: data.bytes,
  };
}

/** Reads one stored sample as a number: integers raw, floats as they are. */
function sampleReader(view: DataView, encoding: SampleEncoding): (at: number) => number {
  switch (encoding) {
    case 'uint8':
      return (at) => view.getUint8(at);
    case 'int16':
      return (at) => view.getInt16(at, true);
    case 'int24':
      return (at) => {
        const low = view.getUint16(at, true);
        return view.getInt8(at + 2) * 65536 + low;
      };
    case 'int32':
      return (at) => view.getInt32(at, true);
    case 'float32':
      return (at) => view.getFloat32(at, true);
    case 'float64':
      return (at) => view.getFloat64(at, true);
  }
}

/** torchaudio.load's scaling: int / 2^(bits-1), unsigned 8-bit centred on 128, floats as-is. */
const SCALING: Record<SampleEncoding, { offset: number; scale: number; bytes: number }> = {
  uint8: { offset: 128, scale: 1 / 128, bytes: 1 },
  int16: { offset: 0, scale: 1 / 2 ** 15, bytes: 2 },
  int24: { offset: 0, scale: 1 / 2 ** 23, bytes: 3 },
  int32: { offset: 0, scale: 1 / 2 ** 31, bytes: 4 },
  float32: { offset: 0, scale: 1, bytes: 4 },
  float64: { offset: 0, scale: 1, bytes: 8 },
};

/** Whole frames in the data chunk (a partial last frame is ignored, as decodeWav does). */
export function wavFrameCount(layout: WavLayout): number {
  return Math.floor(layout.dataBytes / (layout.channels * SCALING[layout.encoding].bytes));
}

/**
 * Decodes PCM 8/16/24/32-bit and IEEE float 32/64 WAV (plain tags 1 and 3, or
 * WAVE_FORMAT_EXTENSIBLE with the PCM / IEEE_FLOAT subformat) to mono Float32, scaled as
 * torchaudio.load does. Channels are averaged; a partial last frame is ignored.
 */
export function decodeWav(bytes: Uint8Array, file: string): DecodedAudio {
  const layout = inspectWavLayout(bytes, file);
  const { channels, encoding } = layout;
  const { offset, scale, bytes: sampleBytes } = SCALING[encoding];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const read = sampleReader(view, encoding);
  const frameBytes = channels * sampleBytes;
  const frames = wavFrameCount(layout);
  const samples = new Float32Array(frames);
  for (let frame = 0; frame < frames; frame++) {
    const start = layout.dataOffset + frame * frameBytes;
    let sum = 0;
    for (let channel = 0; channel < channels; channel++) {
      sum += read(start + channel * sampleBytes);
    }
    // fround: a float64 sample beyond float32's range would silently become Infinity.
    const value = Math.fround((sum / channels - offset) * scale);
    if (!Number.isFinite(value)) {
      throw new DecodeError(file, `non-finite sample (${value}) at frame ${frame}`);
    }
    samples[frame] = value;
  }
  return { samples, sampleRate: layout.sampleRate, channels };
}
