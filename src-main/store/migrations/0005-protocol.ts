import type { Migration } from '../migrate';

/**
 * The fair protocol's records: evaluations say which split they ran on (validation for modality
 * reliance, test for results) and whether a person asked for them outside the spec's grid (ad
 * hoc, kept out of tables); runs of a learning-rate grid say whether validation selected them.
 * SQLite cannot change a UNIQUE constraint, so evaluations are rebuilt with split and ad_hoc in
 * their key: an ad hoc evaluation never overwrites the protocol's one.
 */
export const protocol: Migration = {
  version: 5,
  name: '0005-protocol',
  up(db) {
    db.exec(`
      CREATE TABLE evaluations_v5 (
        id           INTEGER PRIMARY KEY,
        run_id       INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        case_name    TEXT NOT NULL,
        prompting    TEXT NOT NULL CHECK (prompting IN ('situation', 'concat')),
        missing_rate REAL NOT NULL CHECK (missing_rate BETWEEN 0 AND 1),
        split        TEXT NOT NULL DEFAULT 'test' CHECK (split IN ('test', 'val')),
        ad_hoc       INTEGER NOT NULL DEFAULT 0 CHECK (ad_hoc IN (0, 1)),
        accuracy     REAL NOT NULL CHECK (accuracy BETWEEN 0 AND 1),
        macro_f1     REAL NOT NULL CHECK (macro_f1 BETWEEN 0 AND 1),
        confusion    TEXT NOT NULL CHECK (json_valid(confusion)),
        samples      INTEGER NOT NULL,
        mistakes     TEXT NOT NULL CHECK (json_valid(mistakes)),
        created_at   TEXT NOT NULL,
        UNIQUE (run_id, case_name, prompting, missing_rate, split, ad_hoc)
      ) STRICT;
      INSERT INTO evaluations_v5 (id, run_id, case_name, prompting, missing_rate, accuracy, macro_f1, confusion,
                                  samples, mistakes, created_at)
        SELECT id, run_id, case_name, prompting, missing_rate, accuracy, macro_f1, confusion, samples, mistakes,
               created_at FROM evaluations;
      DROP TABLE evaluations;
      ALTER TABLE evaluations_v5 RENAME TO evaluations;
      CREATE INDEX evaluations_by_run ON evaluations(run_id);

      ALTER TABLE runs ADD COLUMN selection TEXT CHECK (selection IN ('selected', 'not-selected'));
    `);
  },
};
