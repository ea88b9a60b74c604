import type Database from 'better-sqlite3';

export interface Migration {
  /** Schema version this migration produces: 1, 2, 3 … without gaps. */
  version: number;
  name: string;
  up(db: Database.Database): void;
}

/**
 * Runs every pending migration in one transaction, tracked by `PRAGMA user_version`.
 * A database written by a newer version of the app is refused rather than misread.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[]): number {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(`migration ${m.name} has version ${m.version}, expected ${i + 1}`);
  });
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.length;
  if (current > latest) {
    throw new Error(
      `This database has schema version ${current}, but this version of AV Prompt Lab knows only up to ${latest}. ` +
        'Open it with a newer AV Prompt Lab, or point --home / AVLAB_HOME at another data directory.',
    );
  }
  if (current === latest) return current;
  db.transaction(() => {
    for (const m of migrations.slice(current)) m.up(db);
    db.pragma(`user_version = ${latest}`);
  })();
  return latest;
}
