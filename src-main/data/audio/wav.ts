import wavefile from 'wavefile';
import { asDecodeError, DecodeError } from '../decode-error';

/** Mono PCM in [-1, 1] (float WAVs may exceed it) at its native rate. */
export interface DecodedAudio {
  samples: Float32Array;
  sampleRate: number;
  /** Channels in the file before the mono downmix. */
  channels: number;
}

const MAX_CHANNELS = 64;
const SUPPORTED_FORMATS = new Map([
  [1, 'PCM'],
  [3, 'IEEE float'],
  [0xfffe, 'extensible'],
]);

interface WavLayout {
  format: number;
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
  dataBytes: number;
}

/**
 * Walks the RIFF chunks with bounds checks before the library sees the bytes, so that a lying or
 * truncated header is rejected with a precise reason instead of being read past its end.
 */
export function inspectWavLayout(bytes: Uint8Array, file: string): WavLayout {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (offset: number) => String.fromCharCode(...bytes.subarray(offset, offset + 4));
  if (bytes.length === 0) throw new DecodeError(file, 'empty file (0 bytes)');
  if (bytes.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') {
    throw new DecodeError(file, 'not a RIFF/WAVE file');
  }
  let fmt: Omit<WavLayout, 'dataBytes'> | undefined;
  let dataBytes: number | undefined;
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
      dataBytes = size;
    } else if (id === 'fmt ') {
      if (size < 16 || body + size > bytes.length) {
        throw new DecodeError(file, `bad fmt chunk (size ${size})`);
      }
      fmt = {
        format: view.getUint16(body, true),
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        bitsPerSample: view.getUint16(body + 14, true),
      };
    } else if (body + size > bytes.length) {
      // A trailing metadata chunk that is cut short does not hurt the samples.
      break;
    }
    offset = body + size + (size % 2);
  }
  if (!fmt) throw new DecodeError(file, 'no fmt chunk');
  if (dataBytes === undefined) throw new DecodeError(file, 'no data chunk');
  const formatName = SUPPORTED_FORMATS.get(fmt.format);
  if (!formatName) throw new DecodeError(file, `unsupported WAV format tag ${fmt.format}`);
  if (fmt.channels < 1 || fmt.channels > MAX_CHANNELS) {
    throw new DecodeError(file, `bad channel count ${fmt.channels}`);
  }
  if (fmt.sampleRate < 1000 || fmt.sampleRate > 384_000) {
    throw new DecodeError(file, `implausible sample rate ${fmt.sampleRate} Hz`);
  }
  if (![8, 16, 24, 32, 64].includes(fmt.bitsPerSample)) {
    throw new DecodeError(file, `unsupported bit depth ${fmt.bitsPerSample}`);
  }
  if (fmt.format === 3 && fmt.bitsPerSample < 32) {
    throw new DecodeError(file, `float WAV with ${fmt.bitsPerSample} bits per sample`);
  }
  const frameBytes = (fmt.channels * fmt.bitsPerSample) / 8;
  if (dataBytes < frameBytes) throw new DecodeError(file, 'no samples (empty data chunk)');
  return { ...fmt, dataBytes };
}

/**
 * Decodes PCM 8/16/24/32-bit and float32/64 WAV to mono Float32 in [-1, 1], scaled as
 * torchaudio.load does (int / 2^(bits-1); unsigned 8-bit centred on 128). Channels are averaged.
 */
export function decodeWav(bytes: Uint8Array, file: string): DecodedAudio {
  const layout = inspectWavLayout(bytes, file);
  let interleaved: Float32Array | Float64Array;
  let bitDepth: string;
  try {
    const wav = new wavefile.WaveFile();
    wav.fromBuffer(bytes);
    bitDepth = wav.bitDepth;
    // Float32 holds 8–24-bit integers and float32 samples exactly and unpacks twice as fast;
    // 32-bit integers and float64 keep full precision until the final scaling.
    const exactInFloat32 = ['8', '16', '24', '32f'].includes(bitDepth);
    interleaved = wav.getSamples(true, exactInFloat32 ? Float32Array : Float64Array) as
      | Float32Array
      | Float64Array;
  } catch (error) {
    throw asDecodeError(file, 'WAV decoder', error);
  }
  const { channels } = layout;
  const frames = Math.floor(interleaved.length / channels);
  if (frames === 0) throw new DecodeError(file, 'no samples');
  // wavefile names the sample type it decoded: '8' (unsigned), '16', '24', '32', '32f', '64'.
  const isFloat = bitDepth === '32f' || bitDepth === '64';
  const bits = Number.parseInt(bitDepth, 10);
  if (!isFloat && ![8, 16, 24, 32].includes(bits)) {
    throw new DecodeError(file, `unsupported sample type '${bitDepth}'`);
  }
  const offset = bits === 8 ? 128 : 0;
  const scale = isFloat ? 1 : 1 / 2 ** (bits - 1);
  const samples = new Float32Array(frames);
  for (let frame = 0; frame < frames; frame++) {
    let sum = 0;
    for (let channel = 0; channel < channels; channel++) {
      sum += interleaved[frame * channels + channel]!;
    }
    const value = ((sum / channels - offset) * scale) as number;
    if (!Number.isFinite(value)) {
      throw new DecodeError(file, `non-finite sample (${value}) at frame ${frame}`);
    }
    samples[frame] = value;
  }
  return { samples, sampleRate: layout.sampleRate, channels };
}
