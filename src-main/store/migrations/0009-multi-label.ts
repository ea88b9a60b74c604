import type { Migration } from '../migrate';

/**
 * Multi-label tasks (issue 12): an evaluation's mAP and macro ROC-AUC, and the rest of its
 * ranking metrics as JSON (per-class AP, classes skipped), and each epoch's validation mAP, which
 * selects a multi-label run's checkpoint. All null for single-label rows and for every row
 * stored before, which keep reading as they did.
 */
export const multiLabel: Migration = {
  version: 9,
  name: '0009-multi-label',
  up(db) {
    db.exec(`
      ALTER TABLE evaluations ADD COLUMN map REAL CHECK (map IS NULL OR map BETWEEN 0 AND 1);
      ALTER TABLE evaluations ADD COLUMN auc REAL CHECK (auc IS NULL OR auc BETWEEN 0 AND 1);
      -- {"perClassAp": [...], "mapSkipped": n, "aucSkipped": n}; non-null marks a multi-label row.
      ALTER TABLE evaluations ADD COLUMN multi_label TEXT CHECK (multi_label IS NULL OR json_valid(multi_label));
      ALTER TABLE epoch_metrics ADD COLUMN val_map REAL;
    `);
  },
};
