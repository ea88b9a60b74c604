import type { Migration } from '../migrate';

export const results: Migration = {
  version: 4,
  name: '0004-results',
  up(db) {
    db.exec(`
      CREATE TABLE evaluations (
        id           INTEGER PRIMARY KEY,
        run_id       INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        case_name    TEXT NOT NULL,
        prompting    TEXT NOT NULL CHECK (prompting IN ('situation', 'concat')),
        missing_rate REAL NOT NULL CHECK (missing_rate BETWEEN 0 AND 1),
        accuracy     REAL NOT NULL CHECK (accuracy BETWEEN 0 AND 1),
        macro_f1     REAL NOT NULL CHECK (macro_f1 BETWEEN 0 AND 1),
        confusion    TEXT NOT NULL CHECK (json_valid(confusion)),
        samples      INTEGER NOT NULL,
        -- [sampleIndex, true, predicted] for every misclassified sample.
        mistakes     TEXT NOT NULL CHECK (json_valid(mistakes)),
        created_at   TEXT NOT NULL,
        UNIQUE (run_id, case_name, prompting, missing_rate)
      ) STRICT;

      CREATE TABLE efficiency (
        run_id              INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
        backend             TEXT NOT NULL,
        total_params        INTEGER NOT NULL,
        trainable_params    INTEGER NOT NULL,
        peak_tensor_bytes   REAL NOT NULL,
        peak_rss_bytes      REAL NOT NULL,
        seconds_per_epoch   REAL NOT NULL,
        train_samples_per_sec REAL NOT NULL
      ) STRICT;

      CREATE TABLE checkpoints (
        id         INTEGER PRIMARY KEY,
        run_id     INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        epoch      INTEGER NOT NULL,
        path       TEXT NOT NULL,
        sha256     TEXT NOT NULL,
        bytes      INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (run_id, epoch)
      ) STRICT;

      CREATE TABLE attention_snapshots (
        id           INTEGER PRIMARY KEY,
        run_id       INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        case_name    TEXT NOT NULL,
        prompting    TEXT NOT NULL,
        sample_index INTEGER NOT NULL,
        snapshot     TEXT NOT NULL CHECK (json_valid(snapshot)),
        created_at   TEXT NOT NULL,
        UNIQUE (run_id, case_name, prompting, sample_index)
      ) STRICT;
    `);
  },
};
