// `prestart`: fetch the Electron binary on first start, by running electron's own install script,
// when `npm install` skipped it (allowScripts / ELECTRON_SKIP_BINARY_DOWNLOAD). Never fails the
// start: without a binary, `npm start` falls back to web mode.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { electronBinary } from './electron-binary.mjs';

if ('missing' in electronBinary() && process.env.AVLAB_WEB !== '1') {
  const require = createRequire(import.meta.url);
  const installScript = join(dirname(require.resolve('electron/package.json')), 'install.js');
  console.error('Electron binary not present: downloading it once (electron/install.js) …');
  const env = { ...process.env };
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  const result = spawnSync(process.execPath, [installScript], {
    env,
    timeout: 300_000,
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    const reason =
      `${result.stderr ?? ''}`.split('\n').find((line) => /error/i.test(line)) ?? 'no details';
    console.error(
      `Electron download failed (${reason.trim()}); \`npm start\` will serve web mode instead.`,
    );
  }
}
