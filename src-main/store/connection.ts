import Database from 'better-sqlite3';
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
    throw explainNativeLoadError(error);
  }
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  migrate(db, MIGRATIONS);
  return db;
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
