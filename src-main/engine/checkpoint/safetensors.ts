/**
 * The safetensors container: an 8-byte little-endian header length, a JSON header naming each
 * tensor's dtype, shape and byte range, then the raw little-endian data. Only F32 and I32 are
 * written here (that is all the engine stores). Readable by `safetensors.torch.load_file`.
 */
import {
  closeSync,
  fsyncSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  writeSync,
} from 'node:fs';

export interface NamedArray {
  shape: number[];
  data: Float32Array | Int32Array;
}

export interface SafetensorsFile {
  tensors: Map<string, NamedArray>;
  /** String-to-string metadata (`__metadata__`), as the format requires. */
  metadata: Record<string, string>;
}

const DTYPE_OF = { F32: Float32Array, I32: Int32Array } as const;

function littleEndian(): boolean {
  return new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
}

/** Encodes tensors (sorted by name, 8-byte aligned data start) into one buffer. */
export function encodeSafetensors(file: SafetensorsFile): Buffer {
  if (!littleEndian()) throw new Error('safetensors: big-endian hosts are not supported');
  const names = [...file.tensors.keys()].sort();
  const header: Record<string, unknown> = { __metadata__: file.metadata };
  let offset = 0;
  for (const name of names) {
    const t = file.tensors.get(name)!;
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (count !== t.data.length)
      throw new Error(
        `safetensors: tensor "${name}" has ${t.data.length} values for shape [${t.shape}]`,
      );
    const dtype = t.data instanceof Float32Array ? 'F32' : 'I32';
    header[name] = { dtype, shape: t.shape, data_offsets: [offset, offset + t.data.byteLength] };
    offset += t.data.byteLength;
  }
  let json = JSON.stringify(header);
  // Pad the header with spaces so the data starts 8-byte aligned (allowed by the format).
  while ((8 + Buffer.byteLength(json)) % 8 !== 0) json += ' ';
  const headerBytes = Buffer.from(json, 'utf8');
  const out = Buffer.alloc(8 + headerBytes.length + offset);
  out.writeBigUInt64LE(BigInt(headerBytes.length), 0);
  headerBytes.copy(out, 8);
  let pos = 8 + headerBytes.length;
  for (const name of names) {
    const t = file.tensors.get(name)!;
    Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength).copy(out, pos);
    pos += t.data.byteLength;
  }
  return out;
}

export function decodeSafetensors(buf: Buffer, source = 'safetensors buffer'): SafetensorsFile {
  if (buf.length < 8) throw new Error(`${source}: too short to be a safetensors file`);
  const headerLen = Number(buf.readBigUInt64LE(0));
  if (headerLen > buf.length - 8)
    throw new Error(`${source}: header length ${headerLen} exceeds the file`);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(buf.subarray(8, 8 + headerLen).toString('utf8'));
  } catch (e) {
    throw new Error(`${source}: header is not JSON (${(e as Error).message})`);
  }
  const dataStart = 8 + headerLen;
  const tensors = new Map<string, NamedArray>();
  let metadata: Record<string, string> = {};
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') {
      metadata = (entry ?? {}) as Record<string, string>;
      continue;
    }
    const e = entry as { dtype: string; shape: number[]; data_offsets: [number, number] };
    const Ctor = DTYPE_OF[e.dtype as keyof typeof DTYPE_OF];
    if (!Ctor) throw new Error(`${source}: tensor "${name}" has unsupported dtype ${e.dtype}`);
    const [begin, end] = e.data_offsets;
    const count = e.shape.reduce((a, b) => a * b, 1);
    if (end - begin !== count * 4 || dataStart + end > buf.length)
      throw new Error(
        `${source}: tensor "${name}" byte range [${begin}, ${end}) does not fit shape [${e.shape}]`,
      );
    // Copy out: the file buffer's data start need not be aligned for a typed-array view.
    const bytes = new Uint8Array(count * 4);
    bytes.set(buf.subarray(dataStart + begin, dataStart + end));
    tensors.set(name, { shape: e.shape, data: new Ctor(bytes.buffer) });
  }
  return { tensors, metadata };
}

/** Writes atomically: temp file, fsync, rename. A crash leaves the old file or the new one. */
export function writeSafetensors(path: string, file: SafetensorsFile): void {
  const bytes = encodeSafetensors(file);
  const tmp = `${path}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w');
  try {
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

export function readSafetensors(path: string): SafetensorsFile {
  return decodeSafetensors(readFileSync(path), path);
}

/** Only the metadata, reading just the header (listing large files without loading them). */
export function readSafetensorsMetadata(path: string): Record<string, string> {
  const fd = openSync(path, 'r');
  try {
    const len = Buffer.alloc(8);
    if (readSync(fd, len, 0, 8, 0) !== 8)
      throw new Error(`${path}: too short to be a safetensors file`);
    const headerLen = Number(len.readBigUInt64LE(0));
    if (headerLen > 100_000_000)
      throw new Error(`${path}: header length ${headerLen} is implausible`);
    const header = Buffer.alloc(headerLen);
    if (readSync(fd, header, 0, headerLen, 8) !== headerLen)
      throw new Error(`${path}: header length ${headerLen} exceeds the file`);
    return (JSON.parse(header.toString('utf8')).__metadata__ ?? {}) as Record<string, string>;
  } finally {
    closeSync(fd);
  }
}
