import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { migrate } from '../migrate';
import { MIGRATIONS } from './index';

it('0011 adds what computed a run, NULL for the runs stored before, and refuses non-JSON', () => {
  const db = new Database(':memory:');
  migrate(db, MIGRATIONS.slice(0, 10));
  db.prepare(
    `INSERT INTO runs (id, dataset_id, role, method, case_name, missing_rate, seed, config, status, backend, created_at)
     VALUES (1, 'd1', 'backbone', 'ft', 'complete', 1, 0, '{}', 'done', 'wasm', 't')`,
  ).run();
  migrate(db, MIGRATIONS.slice(0, 11));
  expect(db.pragma('user_version', { simple: true })).toBe(11);
  expect(db.prepare('SELECT backend, compute FROM runs').get()).toEqual({
    backend: 'wasm',
    compute: null,
  });
  expect(() => db.prepare("UPDATE runs SET compute = 'not json' WHERE id = 1").run()).toThrow(
    /CHECK constraint/,
  );
});
