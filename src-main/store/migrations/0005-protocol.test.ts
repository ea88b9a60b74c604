import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { migrate } from '../migrate';
import { MIGRATIONS } from './index';

it('0005 keeps old evaluations as test-split protocol rows and keys ad hoc and split apart', () => {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, MIGRATIONS.slice(0, 4));
  db.prepare(
    `INSERT INTO runs (id, dataset_id, role, method, case_name, missing_rate, seed, config, status, created_at)
     VALUES (1, 'd', 'single', 'pl', 'noisy_audio', 1, 0, '{}', 'done', 't')`,
  ).run();
  db.prepare(
    `INSERT INTO evaluations (run_id, case_name, prompting, missing_rate, accuracy, macro_f1, confusion, samples, mistakes, created_at)
     VALUES (1, 'noisy_audio', 'situation', 1, 0.75, 0.5, '[[1]]', 1, '[]', 't')`,
  ).run();
  migrate(db, MIGRATIONS.slice(0, 5));
  expect(db.prepare('SELECT split, ad_hoc, accuracy FROM evaluations').all()).toEqual([
    { split: 'test', ad_hoc: 0, accuracy: 0.75 },
  ]);
  const insert = db.prepare(
    `INSERT INTO evaluations (run_id, case_name, prompting, missing_rate, split, ad_hoc, accuracy, macro_f1, confusion, samples, mistakes, created_at)
     VALUES (1, 'noisy_audio', 'situation', 1, ?, ?, 0.5, 0.5, '[[1]]', 1, '[]', 't')`,
  );
  insert.run('val', 0);
  insert.run('test', 1);
  expect(() => insert.run('test', 1)).toThrow(/UNIQUE/);
  expect(() => insert.run('train', 0)).toThrow(/CHECK/);
  expect(db.prepare('SELECT selection FROM runs').get()).toEqual({ selection: null });
  expect(() => db.prepare("UPDATE runs SET selection = 'maybe'").run()).toThrow(/CHECK/);
  db.prepare("UPDATE runs SET selection = 'selected'").run();
  // Cascades still hold after the rebuild.
  db.prepare('DELETE FROM runs').run();
  expect(db.prepare('SELECT count(*) AS n FROM evaluations').get()).toEqual({ n: 0 });
});
