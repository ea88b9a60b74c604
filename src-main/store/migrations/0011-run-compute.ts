import type { Migration } from '../migrate';

/**
 * What computed each run (`RunCompute`: backend, matmul path and threads, OpenBLAS build and
 * kernel set, fused kernels), as JSON beside the backend's name. Runs stored before stay NULL:
 * what computed them was not recorded.
 */
export const runCompute: Migration = {
  version: 11,
  name: '0011-run-compute',
  up(db) {
    db.exec(
      'ALTER TABLE runs ADD COLUMN compute TEXT CHECK (compute IS NULL OR json_valid(compute))',
    );
  },
};
