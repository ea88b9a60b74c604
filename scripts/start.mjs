// `npm start`: the desktop app where Electron is available, web mode where it is not.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { electronBinary } from './electron-binary.mjs';
import { ensureBetterSqlite } from './native-runtime.mjs';

const require = createRequire(import.meta.url);
const binary =
  process.env.AVLAB_WEB === '1' ? { missing: 'AVLAB_WEB=1 asks for web mode' } : electronBinary();

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run(process.platform === 'win32' ? 'npx.cmd' : 'npx', ['electron-vite', 'build'], {
  shell: process.platform === 'win32',
});

if ('path' in binary) {
  const { version } = require('electron/package.json');
  ensureBetterSqlite({ electronPath: binary.path, electronVersion: version });
  const child = spawn(binary.path, ['.', ...process.argv.slice(2)], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log(`Electron is unavailable here (${binary.missing}); starting web mode instead.`);
  ensureBetterSqlite();
  const child = spawn(process.execPath, ['bin/avlab.js', 'serve', ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  child.on('exit', (code) => process.exit(code ?? 0));
}
