import { describe, expect, it } from 'vitest';
import { openDatabase } from '../connection';
import { DEFAULT_SETTINGS, SettingsRepository } from './settings-repository';

describe('SettingsRepository', () => {
  it('returns defaults, then what was stored', () => {
    const repo = new SettingsRepository(openDatabase(':memory:'));
    expect(repo.get()).toEqual(DEFAULT_SETTINGS);
    expect(repo.update({ theme: 'dark', concurrency: 2 })).toEqual({
      ...DEFAULT_SETTINGS,
      theme: 'dark',
      concurrency: 2,
    });
  });

  it('falls back to the default for a stored value that no longer validates', () => {
    const db = openDatabase(':memory:');
    db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run('theme', '"purple"');
    expect(new SettingsRepository(db).get().theme).toBe(DEFAULT_SETTINGS.theme);
  });
});
