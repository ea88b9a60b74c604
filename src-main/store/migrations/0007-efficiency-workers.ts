import type { Migration } from '../migrate';

/**
 * How a run's training used the machine: data-parallel workers and the matmul path (OpenBLAS or
 * XNNPACK) with its threads, so a time per epoch can be read against the cores it had. Null for
 * runs stored before.
 */
export const efficiencyWorkers: Migration = {
  version: 7,
  name: '0007-efficiency-workers',
  up(db) {
    db.exec(`
      ALTER TABLE efficiency ADD COLUMN workers INTEGER CHECK (workers IS NULL OR workers >= 1);
      ALTER TABLE efficiency ADD COLUMN matmul TEXT CHECK (matmul IS NULL OR matmul IN ('xnnpack', 'openblas'));
      ALTER TABLE efficiency ADD COLUMN matmul_threads INTEGER CHECK (matmul_threads IS NULL OR matmul_threads >= 1);
    `);
  },
};
