// better-sqlite3 is a native addon compiled for one ABI: Node's for tests, CLI and web mode,
// Electron's for the desktop app. Check it loads in the runtime about to run, rebuild if not.
import { spawnSync } from 'node:child_process';

const probe = "new (require('better-sqlite3'))(':memory:').close()";

/** @param {{ electronPath?: string, electronVersion?: string }} target  Electron, or Node when empty. */
export function ensureBetterSqlite(target = {}) {
  const runtime = target.electronPath
    ? `Electron ${target.electronVersion}`
    : `Node ${process.versions.node}`;
  const command = target.electronPath ?? process.execPath;
  const env = target.electronPath ? { ...process.env, ELECTRON_RUN_AS_NODE: '1' } : process.env;
  if (spawnSync(command, ['-e', probe], { env, stdio: 'ignore' }).status === 0) return;
  console.error(`better-sqlite3 is built for another runtime: rebuilding it for ${runtime} …`);
  const args = ['rebuild', 'better-sqlite3', '--build-from-source'];
  if (target.electronVersion) {
    args.push(
      '--runtime=electron',
      `--target=${target.electronVersion}`,
      '--dist-url=https://electronjs.org/headers',
    );
  }
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  if (
    result.status !== 0 ||
    spawnSync(command, ['-e', probe], { env, stdio: 'ignore' }).status !== 0
  ) {
    throw new Error(
      `Could not rebuild better-sqlite3 for ${runtime}: run \`npm ${args.join(' ')}\` and read its errors.`,
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) ensureBetterSqlite();
