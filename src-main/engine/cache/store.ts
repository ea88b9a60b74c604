import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../write-file-atomic';
import { CacheEntry, type Manifest } from './entry';
import { type EncoderEntryKey, entryId } from './key';

/** Default bound of the encoder cache on disk; AVLAB_ENCODER_CACHE_BYTES overrides it. */
export const DEFAULT_ENCODER_CACHE_BYTES = 8 * 1024 ** 3;

export function encoderCacheBytesFromEnv(env = process.env): number {
  const raw = env.AVLAB_ENCODER_CACHE_BYTES;
  if (raw === undefined || raw === '') return DEFAULT_ENCODER_CACHE_BYTES;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0)
    throw new Error(`AVLAB_ENCODER_CACHE_BYTES: not a byte count: ${raw}`);
  return n;
}

export interface StoredEntry {
  dir: string;
  bytes: number;
  lastUsed: number;
}

let lastTick = 0;
/** Strictly increasing within a process, so entries used one after the other never tie. */
function tick(): number {
  lastTick = Math.max(Date.now(), lastTick + 1);
  return lastTick;
}

/**
 * The encoder cache's directory: one subdirectory per entry, at most `maxBytes` of chunk files
 * in all (manifests and use times, a few hundred bytes per entry, are not counted), least recently used entries evicted first (an entry's use time is in its used.json,
 * rewritten whenever a run opens it).
 */
export class EncoderCacheStore {
  constructor(
    readonly root: string,
    readonly maxBytes: number,
  ) {
    mkdirSync(root, { recursive: true });
  }

  entry(
    key: EncoderEntryKey,
    shape: Pick<Manifest, 'rows' | 'valuesPerRow' | 'chunkRows'>,
  ): CacheEntry {
    return CacheEntry.open(join(this.root, entryId(key)), key, shape);
  }

  touch(entry: CacheEntry): void {
    writeFileAtomic(CacheEntry.usedPath(entry.dir), JSON.stringify({ lastUsed: tick() }));
  }

  list(): StoredEntry[] {
    if (!existsSync(this.root)) return [];
    return readdirSync(this.root, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => {
        const dir = join(this.root, d.name);
        let bytes = 0;
        for (const f of readdirSync(dir))
          if (f.endsWith('.bin')) bytes += statSync(join(dir, f)).size;
        let lastUsed = 0;
        try {
          lastUsed =
            Number(JSON.parse(readFileSync(CacheEntry.usedPath(dir), 'utf8')).lastUsed) || 0;
        } catch {
          // Never opened to completion (a build stopped early): the first to go.
        }
        return { dir, bytes, lastUsed };
      });
  }

  totalBytes(): number {
    return this.list().reduce((s, e) => s + e.bytes, 0);
  }

  /**
   * Evicts least recently used entries outside `pinned` (directories) until `needed` more bytes
   * fit under the bound. False when they cannot fit even with every other entry gone.
   */
  makeRoom(needed: number, pinned: ReadonlySet<string>): boolean {
    const entries = this.list();
    let total = entries.reduce((s, e) => s + e.bytes, 0);
    if (total + needed <= this.maxBytes) return true;
    const pinnedBytes = entries.filter((e) => pinned.has(e.dir)).reduce((s, e) => s + e.bytes, 0);
    if (pinnedBytes + needed > this.maxBytes) return false;
    const victims = entries
      .filter((e) => !pinned.has(e.dir))
      .sort((a, b) => a.lastUsed - b.lastUsed);
    for (const v of victims) {
      if (total + needed <= this.maxBytes) break;
      try {
        rmSync(v.dir, { recursive: true, force: true });
        total -= v.bytes;
      } catch {
        // Held open elsewhere (Windows): leave it, try the next.
      }
    }
    return total + needed <= this.maxBytes;
  }
}
