import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { migrate } from '../migrate';
import { settings } from './0001-settings';

it('0001 creates a settings table that only takes JSON values', () => {
  const db = new Database(':memory:');
  migrate(db, [settings]);
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run('theme', '"dark"');
  expect(() =>
    db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run('x', 'not json'),
  ).toThrow(/CHECK constraint/);
});
