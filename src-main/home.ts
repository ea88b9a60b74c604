import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const APP_DIR_NAME = 'av-prompt-lab';

/**
 * The one directory that holds all state: database, feature caches, checkpoints.
 * `--home DIR` wins over `AVLAB_HOME`, which wins over the OS app-data folder.
 */
export function resolveDataDir(explicit?: string, env = process.env): string {
  if (explicit) return resolve(explicit);
  if (env.AVLAB_HOME) return resolve(env.AVLAB_HOME);
  return join(osAppDataDir(env), APP_DIR_NAME);
}

function osAppDataDir(env: NodeJS.ProcessEnv): string {
  switch (process.platform) {
    case 'win32':
      return env.APPDATA ?? join(homedir(), 'AppData', 'Roaming');
    case 'darwin':
      return join(homedir(), 'Library', 'Application Support');
    default:
      return env.XDG_CONFIG_HOME ?? join(homedir(), '.config');
  }
}

export interface DataLayout {
  root: string;
  database: string;
  features: string;
  checkpoints: string;
  datasets: string;
  /** Derived data that can always be recomputed, e.g. the engine's encoder cache. */
  cache: string;
}

/** Creates the data directory tree if needed and names its parts. */
export function dataLayout(root: string): DataLayout {
  const layout = {
    root,
    database: join(root, 'avlab.sqlite'),
    features: join(root, 'features'),
    checkpoints: join(root, 'checkpoints'),
    datasets: join(root, 'datasets'),
    cache: join(root, 'cache'),
  };
  for (const dir of [
    layout.root,
    layout.features,
    layout.checkpoints,
    layout.datasets,
    layout.cache,
  ]) {
    mkdirSync(dir, { recursive: true });
  }
  return layout;
}
