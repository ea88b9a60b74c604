import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { migrate } from '../migrate';
import { MIGRATIONS } from './index';

it('0002 creates the datasets index with JSON-checked columns', () => {
  const db = new Database(':memory:');
  migrate(db, MIGRATIONS.slice(0, 2));
  const insert = db.prepare('INSERT INTO datasets VALUES (?, ?, ?, ?, ?, ?)');
  insert.run('d1', 'Demo', 'demo', '["a"]', '{"train":1}', '2026-01-01');
  expect(() => insert.run('d2', 'Bad', 'demo', 'not json', '{}', '2026-01-01')).toThrow(/CHECK/);
});
