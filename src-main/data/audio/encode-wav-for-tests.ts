/**
 * Writes WAV bytes by hand for decoder tests, including layouts that the `wavefile` package
 * does not write (WAVE_FORMAT_EXTENSIBLE with any subformat, odd format tags).
 */
export interface WavSpec {
  /** Format code of the samples: 1 PCM, 3 IEEE float, or anything to test a refusal. */
  code: number;
  bits: number;
  sampleRate?: number;
  /** Write tag 0xFFFE with the code inside a KSDATAFORMAT_SUBTYPE GUID. */
  extensible?: boolean;
  /** Replace the subformat GUID outright (16 bytes as stored). */
  guid?: Uint8Array;
  /** frames[n][channel] in [-1, 1]. */
  frames: number[][];
}

const GUID_TAIL = [0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];

/** Rounds a [-1, 1] value to the stored integer, as an encoder does (clamped). */
export function quantise(value: number, bits: number): number {
  if (bits === 8) return Math.max(0, Math.min(255, Math.round(value * 128) + 128));
  const full = 2 ** (bits - 1);
  return Math.max(-full, Math.min(full - 1, Math.round(value * full)));
}

export function encodeWav(spec: WavSpec): Uint8Array {
  const channels = spec.frames[0]?.length ?? 1;
  const sampleBytes = spec.bits / 8;
  const dataBytes = spec.frames.length * channels * sampleBytes;
  const fmtBytes = spec.extensible ? 40 : spec.code === 1 ? 16 : 18;
  const total = 12 + 8 + fmtBytes + 8 + dataBytes;
  const bytes = new Uint8Array(total);
  const view = new DataView(bytes.buffer);
  const text = (at: number, s: string) => {
    for (let i = 0; i < 4; i++) bytes[at + i] = s.charCodeAt(i);
  };
  text(0, 'RIFF');
  view.setUint32(4, total - 8, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  view.setUint32(16, fmtBytes, true);
  const fmt = 20;
  const rate = spec.sampleRate ?? 8000;
  view.setUint16(fmt, spec.extensible ? 0xfffe : spec.code, true);
  view.setUint16(fmt + 2, channels, true);
  view.setUint32(fmt + 4, rate, true);
  view.setUint32(fmt + 8, rate * channels * sampleBytes, true);
  view.setUint16(fmt + 12, channels * sampleBytes, true);
  view.setUint16(fmt + 14, spec.bits, true);
  if (fmtBytes > 16) view.setUint16(fmt + 16, fmtBytes - 18, true);
  if (spec.extensible) {
    view.setUint16(fmt + 18, spec.bits, true); // valid bits
    view.setUint32(fmt + 20, channels === 2 ? 0x3 : 0, true); // channel mask
    const guid = spec.guid ?? new Uint8Array([0, 0, 0, 0, ...GUID_TAIL]);
    bytes.set(guid, fmt + 24);
    if (!spec.guid) view.setUint32(fmt + 24, spec.code, true);
  }
  const data = fmt + fmtBytes;
  text(data, 'data');
  view.setUint32(data + 4, dataBytes, true);
  let at = data + 8;
  for (const frame of spec.frames) {
    for (const value of frame) {
      if (spec.code === 3 && spec.bits === 32) view.setFloat32(at, value, true);
      else if (spec.code === 3 && spec.bits === 64) view.setFloat64(at, value, true);
      else if (spec.bits === 8) view.setUint8(at, quantise(value, 8));
      else if (spec.bits === 16) view.setInt16(at, quantise(value, 16), true);
      else if (spec.bits === 24) {
        const v = quantise(value, 24);
        view.setUint16(at, v & 0xffff, true);
        view.setInt8(at + 2, v >> 16);
      } else if (spec.bits === 32) view.setInt32(at, quantise(value, 32), true);
      else throw new Error(`encodeWav cannot write ${spec.bits}-bit code ${spec.code}`);
      at += sampleBytes;
    }
  }
  return bytes;
}
