import type { Migration } from '../migrate';

/** An index of the datasets on disk (datasets/<id>/dataset.json stays the source of truth). */
export const datasets: Migration = {
  version: 2,
  name: '0002-datasets',
  up(db) {
    db.exec(`
      CREATE TABLE datasets (
        id         TEXT PRIMARY KEY,
        name       TEXT NOT NULL,
        kind       TEXT NOT NULL,
        classes    TEXT NOT NULL CHECK (json_valid(classes)),
        counts     TEXT NOT NULL CHECK (json_valid(counts)),
        created_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
