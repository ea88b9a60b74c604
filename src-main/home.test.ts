import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_DIR_NAME, resolveDataDir } from './home';

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
