import type { Migration } from '../migrate';

/**
 * Drops the datasets index of 0002: datasets/<id>/dataset.json is the source of truth, and the
 * table was written on every listing but never read (no query joined it). Kept as a migration so
 * that databases made before still open.
 */
export const dropDatasetsIndex: Migration = {
  version: 8,
  name: '0008-drop-datasets-index',
  up(db) {
    db.exec('DROP TABLE datasets;');
  },
};
