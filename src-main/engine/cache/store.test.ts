import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fillEntry } from './build';
import { ENCODER_CACHE_FORMAT, type EncoderEntryKey } from './key';
import { EncoderCacheStore } from './store';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'avlab-encoder-cache-'));
  dirs.push(d);
  return d;
};

const key = (draw: number, dtype: 'float32' | 'float16' = 'float32'): EncoderEntryKey => ({
  format: ENCODER_CACHE_FORMAT,
  backbone: 'b',
  encoder: { dim: 4 },
  data: 'd',
  samples: 's',
  modality: 'audio',
  corruption: 'clean',
  draw,
  dtype,
  compute: 'test',
});
const shape = { rows: 10, valuesPerRow: 5, chunkRows: 4 };
const rowValues = (first: number, rows: number) =>
  Float32Array.from({ length: rows * 5 }, (_, i) => Math.sin(first * 5 + i) * 3);

describe('encoder cache store', () => {
  it('evicts least recently used entries to stay under its byte bound, never pinned ones', () => {
    const entryBytes = 10 * 5 * 4;
    const store = new EncoderCacheStore(tempDir(), 3 * entryBytes + 100);
    const entries = [0, 1, 2].map((d) => store.entry(key(d), shape));
    for (const e of entries) fillEntry(e, rowValues);
    store.touch(entries[1]!);
    store.touch(entries[0]!);
    store.touch(entries[2]!);
    store.touch(entries[1]!); // order of use now: 0, 2, 1 (1 most recent)
    expect(store.makeRoom(entryBytes, new Set())).toBe(true);
    expect([0, 1, 2].map((i) => existsSync(entries[i]!.dir))).toEqual([false, true, true]);
    expect(store.makeRoom(2 * entryBytes, new Set([entries[2]!.dir]))).toBe(true);
    expect([1, 2].map((i) => existsSync(entries[i]!.dir))).toEqual([false, true]);
    expect(store.makeRoom(4 * entryBytes, new Set([entries[2]!.dir]))).toBe(false);
    expect(existsSync(entries[2]!.dir)).toBe(true);
  });

  it('stores float16 within half precision, at half the bytes of float32', () => {
    const store = new EncoderCacheStore(tempDir(), 1e9);
    const half = store.entry(key(0, 'float16'), shape);
    const full = store.entry(key(0, 'float32'), shape);
    fillEntry(half, rowValues);
    fillEntry(full, rowValues);
    expect(half.totalBytes() * 2).toBe(full.totalBytes());
    const expected = rowValues(0, 10);
    const a = new Float32Array(50);
    const b = new Float32Array(50);
    for (let r = 0; r < 10; r++) {
      half.readRow(r, a, r * 5);
      full.readRow(r, b, r * 5);
    }
    expect(b).toEqual(expected);
    const worst = Math.max(
      ...a.map((v, i) => Math.abs(v - expected[i]!) / Math.max(Math.abs(expected[i]!), 2 ** -14)),
    );
    expect(worst).toBeGreaterThan(0); // it did round
    expect(worst).toBeLessThanOrEqual(2 ** -11);
  });

  it('resumes an interrupted build and ends with the bytes of an uninterrupted one', () => {
    const store = new EncoderCacheStore(tempDir(), 1e9);
    const interrupted = store.entry(key(0), shape);
    expect(fillEntry(interrupted, rowValues, 2)).toBe(2);
    expect(interrupted.missingChunks()).toEqual([2]);
    let computed = 0;
    fillEntry(interrupted, (f, n) => {
      computed += n;
      return rowValues(f, n);
    });
    expect(computed).toBe(2); // only the last chunk's two rows
    const clean = new EncoderCacheStore(tempDir(), 1e9).entry(key(0), shape);
    fillEntry(clean, rowValues);
    const a = new Float32Array(50);
    const b = new Float32Array(50);
    for (let r = 0; r < 10; r++) {
      interrupted.readRow(r, a, r * 5);
      clean.readRow(r, b, r * 5);
    }
    expect(a).toEqual(b);
  });
});
