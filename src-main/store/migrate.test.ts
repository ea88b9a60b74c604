import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { type Migration, migrate } from './migrate';

const create = (version: number, table: string): Migration => ({
  version,
  name: `000${version}-${table}`,
  up: (db) => db.exec(`CREATE TABLE ${table} (id INTEGER PRIMARY KEY) STRICT`),
});

describe('migrate', () => {
  it('runs pending migrations in order and records the version', () => {
    const db = new Database(':memory:');
    expect(migrate(db, [create(1, 'a')])).toBe(1);
    expect(migrate(db, [create(1, 'a'), create(2, 'b')])).toBe(2);
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .pluck()
      .all();
    expect(tables).toEqual(['a', 'b']);
  });

  it('rolls back every pending step when one fails', () => {
    const db = new Database(':memory:');
    const broken: Migration = {
      version: 2,
      name: '0002-broken',
      up: (d) => d.exec('CREATE TABLE oops ('),
    };
    expect(() => migrate(db, [create(1, 'a'), broken])).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'a'").pluck().get()).toBe(0);
  });

  it('refuses a database from a newer version of the app', () => {
    const db = new Database(':memory:');
    db.pragma('user_version = 7');
    expect(() => migrate(db, [create(1, 'a')])).toThrow(/schema version 7.*only up to 1/);
  });

  it('rejects a migration list with gaps', () => {
    const db = new Database(':memory:');
    expect(() => migrate(db, [create(2, 'b')])).toThrow(/expected 1/);
  });
});
