import type { Migration } from '../migrate';

/**
 * Evaluations through CAV-MAE's own missing-modality modes (prompting `modality-mode`, issue
 * 11), a baseline beside zero-filling the missing modality. SQLite cannot change a CHECK
 * constraint, so evaluations are rebuilt as they are with the wider one.
 */
export const modalityMode: Migration = {
  version: 10,
  name: '0010-modality-mode',
  up(db) {
    db.exec(`
      CREATE TABLE evaluations_v10 (
        id           INTEGER PRIMARY KEY,
        run_id       INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        case_name    TEXT NOT NULL,
        prompting    TEXT NOT NULL CHECK (prompting IN ('situation', 'concat', 'modality-mode')),
        missing_rate REAL NOT NULL CHECK (missing_rate BETWEEN 0 AND 1),
        split        TEXT NOT NULL DEFAULT 'test' CHECK (split IN ('test', 'val')),
        ad_hoc       INTEGER NOT NULL DEFAULT 0 CHECK (ad_hoc IN (0, 1)),
        accuracy     REAL NOT NULL CHECK (accuracy BETWEEN 0 AND 1),
        macro_f1     REAL NOT NULL CHECK (macro_f1 BETWEEN 0 AND 1),
        confusion    TEXT NOT NULL CHECK (json_valid(confusion)),
        samples      INTEGER NOT NULL,
        mistakes     TEXT NOT NULL CHECK (json_valid(mistakes)),
        created_at   TEXT NOT NULL,
        map          REAL CHECK (map IS NULL OR map BETWEEN 0 AND 1),
        auc          REAL CHECK (auc IS NULL OR auc BETWEEN 0 AND 1),
        multi_label  TEXT CHECK (multi_label IS NULL OR json_valid(multi_label)),
        UNIQUE (run_id, case_name, prompting, missing_rate, split, ad_hoc)
      ) STRICT;
      INSERT INTO evaluations_v10 (id, run_id, case_name, prompting, missing_rate, split, ad_hoc, accuracy,
                                   macro_f1, confusion, samples, mistakes, created_at, map, auc, multi_label)
        SELECT id, run_id, case_name, prompting, missing_rate, split, ad_hoc, accuracy, macro_f1, confusion,
               samples, mistakes, created_at, map, auc, multi_label FROM evaluations;
      DROP TABLE evaluations;
      ALTER TABLE evaluations_v10 RENAME TO evaluations;
      CREATE INDEX evaluations_by_run ON evaluations(run_id);
    `);
  },
};
