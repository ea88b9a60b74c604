import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canMountTmpfs, mountTmpfs } from '../../tests/helpers/tmpfs';
import { openDatabase } from './connection';

describe('openDatabase names the file and the cause of a disk failure', () => {
  it('a database path that is a folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'avlab-db-'));
    try {
      const file = join(dir, 'avlab.sqlite');
      mkdirSync(file);
      expect(() => openDatabase(file)).toThrow(
        `cannot open the database ${file}: it is a folder, not a file`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!canMountTmpfs())('a read-only data directory, even only to read', () => {
    const fs = mountTmpfs('8m');
    try {
      const file = join(fs.dir, 'avlab.sqlite');
      openDatabase(file).close();
      fs.readOnly();
      expect(() => openDatabase(file)).toThrow(
        new RegExp(
          `^cannot open the database ${file}: the file system is read-only\\. The data directory ${fs.dir} must be writable`,
        ),
      );
    } finally {
      fs.remove();
    }
  });
});
