import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  statSync,
} from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { decodeFloat16, encodeFloat16 } from '../../data/cache/float16';
import { writeFileAtomic } from '../../write-file-atomic';
import { type CacheDtype, canonicalKey, type EncoderEntryKey } from './key';

/**
 * One cache entry on disk: one modality's encoder content for every row (train sample, split
 * order) of one draw, in chunk files of `chunkRows` rows × `valuesPerRow` values, written each
 * by tmp + rename so a chunk file is either whole or absent. The manifest names the key (checked
 * on open: a directory name collision or an older format is a miss, never wrong data).
 */
export const ManifestSchema = z.object({
  key: z.string(),
  rows: z.number().int().nonnegative(),
  valuesPerRow: z.number().int().positive(),
  chunkRows: z.number().int().positive(),
  createdAt: z.string(),
});
export type Manifest = z.infer<typeof ManifestSchema>;

const MANIFEST = 'manifest.json';
const USED = 'used.json';

export function bytesPerValue(dtype: CacheDtype): number {
  return dtype === 'float16' ? 2 : 4;
}

export class CacheEntry {
  readonly chunks: number;
  private readonly valueBytes: number;
  private readonly fds = new Map<number, number>();
  private readonly scratch: Uint16Array;

  private constructor(
    readonly dir: string,
    readonly key: EncoderEntryKey,
    readonly manifest: Manifest,
  ) {
    this.chunks = Math.ceil(manifest.rows / manifest.chunkRows);
    this.valueBytes = bytesPerValue(key.dtype);
    this.scratch = new Uint16Array(key.dtype === 'float16' ? manifest.valuesPerRow : 0);
  }

  /** Opens the entry at `dir`, creating its manifest when absent; a foreign manifest throws. */
  static open(
    dir: string,
    key: EncoderEntryKey,
    shape: Pick<Manifest, 'rows' | 'valuesPerRow' | 'chunkRows'>,
  ): CacheEntry {
    mkdirSync(dir, { recursive: true });
    const path = join(dir, MANIFEST);
    const wanted = canonicalKey(key);
    if (existsSync(path)) {
      const found = ManifestSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
      if (
        found.key === wanted &&
        found.rows === shape.rows &&
        found.valuesPerRow === shape.valuesPerRow
      )
        return new CacheEntry(dir, key, found);
      throw new Error(`encoder cache: ${dir} holds another entry (remove the directory)`);
    }
    const manifest: Manifest = { key: wanted, ...shape, createdAt: new Date().toISOString() };
    writeFileAtomic(path, JSON.stringify(manifest, null, 2));
    return new CacheEntry(dir, key, manifest);
  }

  chunkPath(chunk: number): string {
    return join(this.dir, `chunk-${String(chunk).padStart(6, '0')}.bin`);
  }

  /** Rows [first, first + count) of a chunk. */
  chunkRows(chunk: number): { first: number; count: number } {
    const first = chunk * this.manifest.chunkRows;
    return { first, count: Math.min(this.manifest.chunkRows, this.manifest.rows - first) };
  }

  chunkBytes(chunk: number): number {
    return this.chunkRows(chunk).count * this.manifest.valuesPerRow * this.valueBytes;
  }

  totalBytes(): number {
    return this.manifest.rows * this.manifest.valuesPerRow * this.valueBytes;
  }

  hasChunk(chunk: number): boolean {
    const path = this.chunkPath(chunk);
    return existsSync(path) && statSync(path).size === this.chunkBytes(chunk);
  }

  missingChunks(): number[] {
    return Array.from({ length: this.chunks }, (_, c) => c).filter((c) => !this.hasChunk(c));
  }

  /** Stores a chunk's rows (float32 in, stored as the entry's dtype). */
  writeChunk(chunk: number, values: Float32Array): void {
    const expected = this.chunkRows(chunk).count * this.manifest.valuesPerRow;
    if (values.length !== expected)
      throw new Error(`encoder cache: chunk ${chunk} has ${values.length} values, not ${expected}`);
    const stored = this.key.dtype === 'float16' ? encodeFloat16(values) : values;
    writeFileAtomic(
      this.chunkPath(chunk),
      new Uint8Array(stored.buffer, stored.byteOffset, stored.byteLength),
    );
  }

  /** Reads row `row` into out[offset … offset + valuesPerRow). */
  readRow(row: number, out: Float32Array, offset: number): void {
    const { chunkRows, valuesPerRow } = this.manifest;
    const chunk = Math.floor(row / chunkRows);
    let fd = this.fds.get(chunk);
    if (fd === undefined) {
      fd = openSync(this.chunkPath(chunk), 'r');
      this.fds.set(chunk, fd);
    }
    const position = (row - chunk * chunkRows) * valuesPerRow * this.valueBytes;
    const length = valuesPerRow * this.valueBytes;
    const target =
      this.key.dtype === 'float16'
        ? new Uint8Array(this.scratch.buffer, 0, length)
        : new Uint8Array(out.buffer, out.byteOffset + offset * 4, length);
    if (readSync(fd, target, 0, length, position) !== length)
      throw new Error(`encoder cache: short read of row ${row} in ${this.chunkPath(chunk)}`);
    if (this.key.dtype === 'float16') decodeFloat16(this.scratch, out, offset);
  }

  close(): void {
    for (const fd of this.fds.values()) closeSync(fd);
    this.fds.clear();
  }

  static usedPath(dir: string): string {
    return join(dir, USED);
  }
}
