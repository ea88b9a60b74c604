/** How one stored sample is laid out. */
export type SampleEncoding = 'uint8' | 'int16' | 'int24' | 'int32' | 'float32' | 'float64';

const WAVE_FORMAT_PCM = 1;
const WAVE_FORMAT_IEEE_FLOAT = 3;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;

/** Names of format codes a WAV may carry, so that a refusal says what the file is. */
const FORMAT_NAMES = new Map<number, string>([
  [WAVE_FORMAT_PCM, 'PCM'],
  [2, 'Microsoft ADPCM'],
  [WAVE_FORMAT_IEEE_FLOAT, 'IEEE float'],
  [6, 'A-law'],
  [7, 'µ-law'],
  [0x11, 'IMA ADPCM'],
  [0x31, 'GSM 6.10'],
  [0x50, 'MPEG'],
  [0x55, 'MPEG layer 3'],
]);

/**
 * The tail shared by every KSDATAFORMAT_SUBTYPE_* GUID derived from a format code
 * (xxxxxxxx-0000-0010-8000-00AA00389B71): bytes 4..15 as stored (little-endian fields).
 */
const GUID_BASE_TAIL = [0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];

export interface WavFormat {
  /** The effective format code: the tag, or the code inside an extensible subformat GUID. */
  code: number;
  /** For messages, e.g. 'IEEE float (WAVE_FORMAT_EXTENSIBLE)'. */
  name: string;
  /** Set when the format cannot be decoded; says which format it is. */
  problem?: string;
}

/** Canonical text of a GUID stored little-endian in the first three fields (as in WAV). */
export function guidText(guid: Uint8Array): string {
  const hex = (from: number, to: number, reverse: boolean) => {
    const part = Array.from(guid.subarray(from, to), (b) => b.toString(16).padStart(2, '0'));
    return (reverse ? part.reverse() : part).join('');
  };
  return [
    hex(0, 4, true),
    hex(4, 6, true),
    hex(6, 8, true),
    hex(8, 10, false),
    hex(10, 16, false),
  ].join('-');
}

const nameOf = (code: number) =>
  FORMAT_NAMES.get(code) ?? `format 0x${code.toString(16).padStart(4, '0')}`;

/**
 * Resolves the fmt chunk's format tag, reading the subformat GUID of WAVE_FORMAT_EXTENSIBLE
 * (fmt bytes 24..39). Only PCM and IEEE float decode; anything else is named in `problem`.
 */
export function describeWavFormat(tag: number, fmt: Uint8Array): WavFormat {
  if (tag !== WAVE_FORMAT_EXTENSIBLE) {
    const name = nameOf(tag);
    const supported = tag === WAVE_FORMAT_PCM || tag === WAVE_FORMAT_IEEE_FLOAT;
    return {
      code: tag,
      name,
      problem: supported
        ? undefined
        : `unsupported WAV format tag ${tag} (${name}); supported: PCM (1), IEEE float (3) and` +
          ' WAVE_FORMAT_EXTENSIBLE with a PCM or IEEE float subformat',
    };
  }
  if (fmt.length < 40) {
    return {
      code: tag,
      name: 'WAVE_FORMAT_EXTENSIBLE',
      problem: `WAVE_FORMAT_EXTENSIBLE fmt chunk is ${fmt.length} bytes, needs 40 (no subformat GUID)`,
    };
  }
  const guid = fmt.subarray(24, 40);
  const derived = GUID_BASE_TAIL.every((byte, i) => guid[4 + i] === byte);
  if (!derived) {
    return {
      code: tag,
      name: 'WAVE_FORMAT_EXTENSIBLE',
      problem: `unsupported WAVE_FORMAT_EXTENSIBLE subformat GUID ${guidText(guid)} (supported: KSDATAFORMAT_SUBTYPE_PCM and KSDATAFORMAT_SUBTYPE_IEEE_FLOAT)`,
    };
  }
  const code = new DataView(guid.buffer, guid.byteOffset, 4).getUint32(0, true);
  const name = `${nameOf(code)} (WAVE_FORMAT_EXTENSIBLE)`;
  const supported = code === WAVE_FORMAT_PCM || code === WAVE_FORMAT_IEEE_FLOAT;
  return {
    code,
    name,
    problem: supported
      ? undefined
      : `unsupported WAVE_FORMAT_EXTENSIBLE subformat ${guidText(guid)} (${nameOf(code)}); supported: KSDATAFORMAT_SUBTYPE_PCM and KSDATAFORMAT_SUBTYPE_IEEE_FLOAT`,
  };
}

/** The sample layout for a decodable format code and bit depth, or undefined. */
export function sampleEncoding(code: number, bitsPerSample: number): SampleEncoding | undefined {
  if (code === WAVE_FORMAT_PCM) {
    return ({ 8: 'uint8', 16: 'int16', 24: 'int24', 32: 'int32' } as const)[
      bitsPerSample as 8 | 16 | 24 | 32
    ];
  }
  if (code === WAVE_FORMAT_IEEE_FLOAT) {
    return ({ 32: 'float32', 64: 'float64' } as const)[bitsPerSample as 32 | 64];
  }
  return undefined;
}
