import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { migrate } from '../migrate';
import { MIGRATIONS } from './index';

it('0003 creates experiments, runs and epoch metrics with status checks and cascades', () => {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, MIGRATIONS.slice(0, 3));
  db.prepare("INSERT INTO experiments VALUES (1, 'e', 'd', '{}', 'h', 't')").run();
  const run = db.prepare(
    `INSERT INTO runs (id, experiment_id, dataset_id, role, method, case_name, missing_rate, seed, config, status, created_at)
     VALUES (?, 1, 'd', 'backbone', 'ft', 'complete', 1, 0, '{}', ?, 't')`,
  );
  run.run(1, 'queued');
  expect(() => run.run(2, 'exploded')).toThrow(/CHECK/);
  db.prepare('INSERT INTO epoch_metrics VALUES (1, 1, 0.5, 0.9, NULL, NULL, 0.001, 1.5, 20)').run();
  db.prepare('DELETE FROM experiments WHERE id = 1').run();
  expect(db.prepare('SELECT count(*) FROM runs').pluck().get()).toBe(0);
  expect(db.prepare('SELECT count(*) FROM epoch_metrics').pluck().get()).toBe(0);
});
