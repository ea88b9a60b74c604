import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { migrate } from '../migrate';
import { MIGRATIONS } from './index';

it('0004 creates the result tables, bounded and unique per run, case, prompting and rate', () => {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, MIGRATIONS.slice(0, 4));
  db.prepare(
    `INSERT INTO runs (id, dataset_id, role, method, case_name, missing_rate, seed, config, status, created_at)
     VALUES (1, 'd', 'single', 'pl', 'noisy_audio', 1, 0, '{}', 'done', 't')`,
  ).run();
  const evaluation = db.prepare(
    `INSERT INTO evaluations (run_id, case_name, prompting, missing_rate, accuracy, macro_f1, confusion, samples, mistakes, created_at)
     VALUES (1, 'noisy_audio', ?, 1, ?, 0.5, '[[1]]', 1, '[]', 't')`,
  );
  evaluation.run('situation', 0.5);
  expect(() => evaluation.run('situation', 0.6)).toThrow(/UNIQUE/);
  expect(() => evaluation.run('concat', 1.5)).toThrow(/CHECK/);
  expect(() => evaluation.run('guess', 0.5)).toThrow(/CHECK/);
  db.prepare(
    "INSERT INTO checkpoints (run_id, epoch, path, sha256, bytes, created_at) VALUES (1, 1, 'p', 's', 3, 't')",
  ).run();
  expect(() =>
    db
      .prepare(
        "INSERT INTO attention_snapshots (run_id, case_name, prompting, sample_index, snapshot, created_at) VALUES (9, 'c', 'p', 0, '{}', 't')",
      )
      .run(),
  ).toThrow(/FOREIGN KEY/);
});
