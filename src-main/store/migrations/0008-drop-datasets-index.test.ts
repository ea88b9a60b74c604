import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { migrate } from '../migrate';
import { MIGRATIONS } from './index';

it('0008 drops the unread datasets index of an old database and keeps its runs', () => {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, MIGRATIONS.slice(0, 7));
  db.prepare('INSERT INTO datasets VALUES (?, ?, ?, ?, ?, ?)').run(
    'd1',
    'Demo',
    'demo',
    '["a"]',
    '{"train":1}',
    't',
  );
  db.prepare(
    `INSERT INTO runs (id, dataset_id, role, method, case_name, missing_rate, seed, config, status, created_at)
     VALUES (1, 'd1', 'single', 'pl', 'noisy_audio', 1, 0, '{}', 'done', 't')`,
  ).run();
  migrate(db, MIGRATIONS.slice(0, 8));
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
    .all()
    .map((r) => (r as { name: string }).name);
  expect(tables).not.toContain('datasets');
  expect(db.prepare('SELECT dataset_id FROM runs').get()).toEqual({ dataset_id: 'd1' });
  expect(db.pragma('user_version', { simple: true })).toBe(8);
});
