import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { unavailable } from '../errors';
import { explainFsError, unwritableReason } from '../fs-errors';
import { migrate } from './migrate';
import { MIGRATIONS } from './migrations';

export type Db = Database.Database;

/**
 * Opens the database in WAL mode with foreign keys on and brings its schema up to date.
 * better-sqlite3 is compiled for one runtime's ABI; say which, rather than a bare dlopen error.
 */
export function openDatabase(file: string): Db {
  let db: Db;
  try {
    db = new Database(file);
  } catch (error) {
    throw explainDiskError(explainNativeLoadError(error), file);
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    migrate(db, MIGRATIONS);
  } catch (error) {
    db.close();
    throw explainDiskError(error, file);
  }
  return db;
}

/**
 * SQLite says "unable to open database file" or "attempt to write a readonly database" without
 * the file or the cause; name both. Every command opens it for writing, even a listing:
 * WAL mode keeps its log and index beside the database.
 */
function explainDiskError(error: unknown, file: string): unknown {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return error;
  if (code === 'SQLITE_FULL') return explainFsError({ code: 'ENOSPC' }, file, 'write the database');
  if (!/^SQLITE_(CANTOPEN|READONLY|IOERR|PERM)/.test(code)) return error;
  if (file === ':memory:') return error;
  const dir = dirname(file);
  if (existsSync(file) && statSync(file).isDirectory()) {
    return explainFsError({ code: 'EISDIR' }, file, 'open the database');
  }
  const reason = unwritableReason(dir) ?? (existsSync(file) ? unwritableReason(file) : undefined);
  if (!reason) return error;
  return unavailable(
    `cannot open the database ${file}: ${reason}. The data directory ${dir} must be writable,` +
      ' even to list runs (SQLite keeps its write-ahead log beside the database); choose' +
      ` another with --home or AVLAB_HOME (${(error as Error).message})`,
  );
}

function explainNativeLoadError(error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  if (/NODE_MODULE_VERSION|was compiled against a different Node\.js version/.test(message)) {
    const runtime = process.versions.electron
      ? `Electron ${process.versions.electron}`
      : `Node ${process.versions.node}`;
    return new Error(
      `better-sqlite3 was built for another runtime than ${runtime} (ABI ${process.versions.modules}). ` +
        `Run \`npm run rebuild:${process.versions.electron ? 'electron' : 'node'}\`. (${message})`,
    );
  }
  return error instanceof Error ? error : new Error(message);
}
