import type { Migration } from '../migrate';

/**
 * Per-step training loss. It used to be streamed to the UI only, so a finished run (or any run
 * opened after a reload) had an empty step-loss chart. One row per step, keyed so that a resumed
 * run's repeated steps overwrite the lost attempt's.
 */
export const stepMetrics: Migration = {
  version: 6,
  name: '0006-step-metrics',
  up(db) {
    db.exec(`
      CREATE TABLE step_metrics (
        run_id          INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        epoch           INTEGER NOT NULL CHECK (epoch >= 1),
        step            INTEGER NOT NULL CHECK (step >= 0),
        steps_per_epoch INTEGER NOT NULL CHECK (steps_per_epoch >= 1),
        loss            REAL NOT NULL,
        accuracy        REAL NOT NULL,
        PRIMARY KEY (run_id, epoch, step)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
