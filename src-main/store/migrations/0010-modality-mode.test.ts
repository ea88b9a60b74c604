import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { migrate } from '../migrate';
import { ResultsRepository } from '../repositories/results-repository';
import { MIGRATIONS } from './index';

it("0010 lets evaluations say 'modality-mode' and keeps every row and column stored before", () => {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, MIGRATIONS.slice(0, 9));
  db.prepare(
    `INSERT INTO runs (id, dataset_id, role, method, case_name, missing_rate, seed, config, status, created_at)
     VALUES (1, 'd1', 'backbone', 'ft', 'complete', 1, 0, '{}', 'done', 't')`,
  ).run();
  const insert = (prompting: string) =>
    db
      .prepare(
        `INSERT INTO evaluations (run_id, case_name, prompting, missing_rate, split, ad_hoc, accuracy, macro_f1,
                                  confusion, samples, mistakes, created_at, map)
         VALUES (1, 'missing_audio', ?, 1, 'val', 1, 0.75, 0.7, '[[3,1],[0,0]]', 4, '[]', 't', 0.5)`,
      )
      .run(prompting);
  insert('situation');
  expect(() => insert('modality-mode')).toThrow(/CHECK constraint/);
  migrate(db, MIGRATIONS.slice(0, 10));
  expect(db.pragma('user_version', { simple: true })).toBe(10);
  insert('modality-mode');
  expect(() => insert('anything')).toThrow(/CHECK constraint/);
  const rows = db
    .prepare('SELECT prompting, split, ad_hoc, map FROM evaluations ORDER BY id')
    .all();
  expect(rows).toEqual([
    { prompting: 'situation', split: 'val', ad_hoc: 1, map: 0.5 },
    { prompting: 'modality-mode', split: 'val', ad_hoc: 1, map: 0.5 },
  ]);
  expect(new ResultsRepository(db).evaluations(1).length).toBe(2);
  // The run's evaluations still go with it.
  db.prepare('DELETE FROM runs WHERE id = 1').run();
  expect(db.prepare('SELECT COUNT(*) AS n FROM evaluations').get()).toEqual({ n: 0 });
});
