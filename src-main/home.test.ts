import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_DIR_NAME, dataLayout, resolveDataDir } from './home';

describe('resolveDataDir', () => {
  it('prefers --home, then AVLAB_HOME, then the OS app-data folder', () => {
    expect(resolveDataDir('rel/dir', { AVLAB_HOME: '/env' })).toBe(resolve('rel/dir'));
    expect(resolveDataDir(undefined, { AVLAB_HOME: '/env' })).toBe('/env');
    if (process.platform === 'linux') {
      expect(resolveDataDir(undefined, { XDG_CONFIG_HOME: '/xdg' })).toBe(
        join('/xdg', APP_DIR_NAME),
      );
    }
  });
});

describe('dataLayout', () => {
  it('refuses a home under /proc at once, naming the folder, instead of hanging in mkdir', () => {
    if (process.platform !== 'linux') return;
    const started = Date.now();
    expect(() => dataLayout('/proc/avlab-home')).toThrow(
      'cannot create the data directory /proc/avlab-home: it does not exist and cannot be created there',
    );
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('names the file that stands where a folder is needed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'avlab-home-'));
    try {
      writeFileSync(join(dir, 'file'), '');
      expect(() => dataLayout(join(dir, 'file', 'home'))).toThrow(
        `cannot use the data directory ${join(dir, 'file')}: a part of the path is a file, not a folder`,
      );
      expect(dataLayout(join(dir, 'a', 'b')).datasets).toBe(join(dir, 'a', 'b', 'datasets'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
