import { mkdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { explainFsError } from './fs-errors';

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
  /** Imported pretrained backbones (`<id>.safetensors`, data/backbone-library.ts). */
  backbones: string;
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
    backbones: join(root, 'backbones'),
    cache: join(root, 'cache'),
  };
  for (const dir of [
    layout.root,
    layout.features,
    layout.checkpoints,
    layout.datasets,
    layout.backbones,
    layout.cache,
  ]) {
    ensureDirectory(dir);
  }
  return layout;
}

/**
 * mkdir -p one level at a time. Node's recursive mkdir never returns under /proc (it retries
 * ENOENT forever), and its errors do not say which level failed or why.
 */
function ensureDirectory(dir: string): void {
  const missing: string[] = [];
  for (let current = dir; ; current = dirname(current)) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(current).isDirectory();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // ENOTDIR: walk up to the file in the way, to name it.
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || dirname(current) === current) {
        throw explainFsError(error, current, 'use the data directory');
      }
      missing.push(current);
      continue;
    }
    if (!isDirectory) throw explainFsError({ code: 'ENOTDIR' }, current, 'use the data directory');
    break;
  }
  for (const level of missing.reverse()) {
    try {
      mkdirSync(level);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw explainFsError(error, level, 'create the data directory');
    }
  }
}
