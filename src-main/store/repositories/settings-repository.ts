import { type Settings, SettingsSchema } from '@shared/api/methods/app';
import type { Db } from '../connection';

export const DEFAULT_SETTINGS: Settings = {
  theme: 'auto',
  backendOverride: null,
  concurrency: 1,
  cores: null,
  ffmpegPath: null,
  ffprobePath: null,
};

/** Settings as one row per key, so that a later setting needs no migration. */
export class SettingsRepository {
  private readonly selectAll;
  private readonly upsert;

  constructor(private readonly db: Db) {
    this.selectAll = db.prepare<[], { key: string; value: string }>(
      'SELECT key, value FROM settings',
    );
    this.upsert = db.prepare<[string, string]>(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    );
  }

  get(): Settings {
    const stored = Object.fromEntries(
      this.selectAll.all().map((r) => [r.key, JSON.parse(r.value)]),
    );
    // A value written by another version that no longer validates falls back to its default.
    const merged = { ...DEFAULT_SETTINGS };
    for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[]) {
      const field = SettingsSchema.shape[key].safeParse(stored[key]);
      if (field.success) Object.assign(merged, { [key]: field.data });
    }
    return merged;
  }

  update(patch: Partial<Settings>): Settings {
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(patch)) {
        if (value !== undefined) this.upsert.run(key, JSON.stringify(value));
      }
    })();
    return this.get();
  }
}
