import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { migrate } from '../migrate';
import { ResultsRepository } from '../repositories/results-repository';
import { MIGRATIONS } from './index';

it('0009 adds the multi-label columns; evaluations and epochs stored before read as they did', () => {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, MIGRATIONS.slice(0, 8));
  db.prepare(
    `INSERT INTO runs (id, dataset_id, role, method, case_name, missing_rate, seed, config, status, created_at)
     VALUES (1, 'd1', 'single', 'pl', 'noisy_audio', 1, 0, '{}', 'done', 't')`,
  ).run();
  db.prepare(
    `INSERT INTO evaluations (run_id, case_name, prompting, missing_rate, accuracy, macro_f1, confusion, samples,
                              mistakes, created_at)
     VALUES (1, 'complete', 'situation', 1, 0.75, 0.7, '[[3,1],[0,0]]', 4, '[]', 't')`,
  ).run();
  db.prepare(
    `INSERT INTO epoch_metrics (run_id, epoch, train_loss, train_accuracy, val_loss, val_accuracy, lr, seconds,
                                samples_per_sec)
     VALUES (1, 1, 0.5, 0.8, 0.6, 0.7, 0.001, 2, 30)`,
  ).run();
  migrate(db, MIGRATIONS.slice(0, 9));
  expect(db.pragma('user_version', { simple: true })).toBe(9);
  const results = new ResultsRepository(db);
  const [old] = results.evaluations(1);
  expect(old).toMatchObject({
    accuracy: 0.75,
    macroF1: 0.7,
    confusion: [
      [3, 1],
      [0, 0],
    ],
  });
  expect(old).not.toHaveProperty('multiLabel');
  expect(results.epochs(1)[0]).not.toHaveProperty('valMap');
  expect(() => db.prepare('UPDATE evaluations SET map = 1.5').run()).toThrow(/CHECK constraint/);
});
