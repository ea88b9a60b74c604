import type { CacheEntry } from './entry';

/**
 * Fills the entry's missing chunks, each computed by `compute(firstRow, rows)` and written
 * atomically, so a build stopped at any point (crash, cancel, `maxChunks`) resumes where it
 * stopped and ends with the same bytes as an uninterrupted one. Returns the chunks written.
 */
export function fillEntry(
  entry: CacheEntry,
  compute: (firstRow: number, rows: number) => Float32Array,
  maxChunks = Infinity,
): number {
  let written = 0;
  for (const chunk of entry.missingChunks()) {
    if (written >= maxChunks) break;
    const { first, count } = entry.chunkRows(chunk);
    entry.writeChunk(chunk, compute(first, count));
    written++;
  }
  return written;
}
