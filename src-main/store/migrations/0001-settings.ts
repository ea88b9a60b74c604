import type { Migration } from '../migrate';

export const settings: Migration = {
  version: 1,
  name: '0001-settings',
  up(db) {
    db.exec(`
      CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL CHECK (json_valid(value))
      ) STRICT;
    `);
  },
};
