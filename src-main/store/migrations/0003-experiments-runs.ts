import type { Migration } from '../migrate';

export const experimentsAndRuns: Migration = {
  version: 3,
  name: '0003-experiments-runs',
  up(db) {
    db.exec(`
      CREATE TABLE experiments (
        id            INTEGER PRIMARY KEY,
        name          TEXT NOT NULL,
        dataset_id    TEXT NOT NULL,
        scenario      TEXT NOT NULL CHECK (json_valid(scenario)),
        scenario_hash TEXT NOT NULL,
        created_at    TEXT NOT NULL
      ) STRICT;

      CREATE TABLE runs (
        id            INTEGER PRIMARY KEY,
        experiment_id INTEGER REFERENCES experiments(id) ON DELETE CASCADE,
        -- The backbone an adapted run starts from; NULL for a backbone or a lone run.
        parent_run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
        dataset_id    TEXT NOT NULL,
        role          TEXT NOT NULL CHECK (role IN ('backbone', 'adapt', 'single')),
        method        TEXT NOT NULL,
        case_name     TEXT NOT NULL,
        missing_rate  REAL NOT NULL CHECK (missing_rate BETWEEN 0 AND 1),
        seed          INTEGER NOT NULL,
        config        TEXT NOT NULL CHECK (json_valid(config)),
        status        TEXT NOT NULL CHECK (status IN
                        ('queued', 'running', 'paused', 'done', 'failed', 'cancelled', 'interrupted')),
        backend       TEXT,
        error         TEXT,
        epochs_done   INTEGER NOT NULL DEFAULT 0,
        created_at    TEXT NOT NULL,
        started_at    TEXT,
        finished_at   TEXT
      ) STRICT;
      CREATE INDEX runs_by_experiment ON runs(experiment_id);
      CREATE INDEX runs_by_status ON runs(status);

      CREATE TABLE epoch_metrics (
        run_id          INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        epoch           INTEGER NOT NULL,
        train_loss      REAL NOT NULL,
        train_accuracy  REAL NOT NULL,
        val_loss        REAL,
        val_accuracy    REAL,
        lr              REAL NOT NULL,
        seconds         REAL NOT NULL,
        samples_per_sec REAL NOT NULL,
        PRIMARY KEY (run_id, epoch)
      ) STRICT;
    `);
  },
};
