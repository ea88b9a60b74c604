import { chmodSync, renameSync, rmSync, writeFileSync } from 'node:fs';

/**
 * Writes `data` to `path` through a sibling temporary and a rename (atomic on one filesystem): a
 * reader sees the old content or the new, never half of it, and a failed write leaves no
 * temporary behind. `mode` is set on the file explicitly (writeFileSync's is narrowed by the umask).
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, mode?: number): void {
  const temporary = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(temporary, data, mode === undefined ? undefined : { mode });
    if (mode !== undefined) chmodSync(temporary, mode);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
