// `npm run build:blas [-- --strict]`: builds the optional OpenBLAS matmul addon (native/blas).
// Without a compiler or OpenBLAS headers (Debian: libopenblas-dev) it says why and exits 0, and
// the engine keeps its XNNPACK matmuls; --strict (CI, where the package is installed) fails.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

const strict = process.argv.includes('--strict');
const dir = new URL('../native/blas/', import.meta.url).pathname;

/** npm sets npm_config_node_gyp for scripts; else the node-gyp bundled with npm, else PATH. */
function nodeGyp() {
  const candidates = [
    process.env.npm_config_node_gyp,
    join(
      dirname(process.execPath),
      '../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
    ),
  ];
  const found = candidates.find((p) => p && existsSync(p));
  return found ? [process.execPath, found] : ['node-gyp'];
}

const [command, ...pre] = nodeGyp();
const result = spawnSync(command, [...pre, 'rebuild', '--release', '--directory', dir], {
  encoding: 'utf8',
});
const ok = result.status === 0 && existsSync(join(dir, 'build/Release/avlab_blas.node'));
if (ok) {
  console.log('build:blas: native/blas/build/Release/avlab_blas.node built (matmuls on OpenBLAS)');
  process.exit(0);
}
const log = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error?.message ?? ''}`;
const why =
  log
    .split('\n')
    .filter(
      (l) =>
        /error|not found|No such file/i.test(l) &&
        !/^gyp (info|ERR! (stack|System|command|cwd|node|not ok))/.test(l),
    )
    .slice(0, 3)
    .join(' | ') || `node-gyp exited with ${result.status}`;
console.error(
  `build:blas: OpenBLAS addon not built (the engine keeps XNNPACK matmuls): ${why}\n` +
    '  Debian/Ubuntu: apt-get install libopenblas-dev, then npm run build:blas',
);
process.exit(strict ? 1 : 0);
