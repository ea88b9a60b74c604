import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type DatasetRecord, DatasetRecordSchema } from '@shared/domain/dataset';

export const DATASET_FILE = 'dataset.json';
const STALE_TEMP_MS = 60 * 60 * 1000;

export class DatasetNotFoundError extends Error {
  constructor(readonly datasetId: string) {
    super(`no dataset '${datasetId}'`);
    this.name = 'DatasetNotFoundError';
  }
}

export class DatasetFileError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'DatasetFileError';
  }
}

/** A readable, unique id: the name's slug plus random hex (never reuses a stored one). */
export function newDatasetId(name: string, datasetsDir: string): string {
  const slug =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40)
      .replace(/-+$/, '') || 'dataset';
  for (;;) {
    const id = `${slug}-${randomBytes(3).toString('hex')}`;
    if (!existsSync(join(datasetsDir, id))) return id;
  }
}

export function readDatasetRecord(datasetsDir: string, id: string): DatasetRecord {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) throw new DatasetNotFoundError(id);
  const file = join(datasetsDir, id, DATASET_FILE);
  if (!existsSync(file)) throw new DatasetNotFoundError(id);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new DatasetFileError(file, `not valid JSON (${(error as Error).message})`);
  }
  const parsed = DatasetRecordSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DatasetFileError(file, `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  if (parsed.data.id !== id) throw new DatasetFileError(file, `its id is '${parsed.data.id}'`);
  return parsed.data;
}

/** Ids of committed datasets (temporary and trash directories start with a dot). */
export function listDatasetIds(datasetsDir: string): string[] {
  return readdirSync(datasetsDir)
    .filter((name) => !name.startsWith('.') && existsSync(join(datasetsDir, name, DATASET_FILE)))
    .sort();
}

/** Deletes a directory by first renaming it aside, so readers never see it half-deleted. */
export function removeDirectory(dir: string): void {
  if (!existsSync(dir)) return;
  const parent = join(dir, '..');
  const trash = join(parent, `.trash-${randomBytes(4).toString('hex')}`);
  renameSync(dir, trash);
  rmSync(trash, { recursive: true, force: true });
}

/** Leftovers of crashed imports (older than an hour, so a running import is never touched). */
export function removeStaleTemporaries(dir: string, now = Date.now()): void {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    if (!name.startsWith('.tmp-') && !name.startsWith('.trash-')) continue;
    const path = join(dir, name);
    try {
      if (now - statSync(path).mtimeMs > STALE_TEMP_MS)
        rmSync(path, { recursive: true, force: true });
    } catch {
      // Another process removed it first.
    }
  }
}
