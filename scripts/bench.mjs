// `npm run bench <name> [-- options]`: runs scripts/bench-<name>.ts under tsx. Benchmarks print
// their figures; none of them asserts a time.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const available = readdirSync(new URL('.', import.meta.url))
  .map((f) => /^bench-(\w+)\.ts$/.exec(f)?.[1])
  .filter(Boolean);
const [name, ...args] = process.argv.slice(2);
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench <${available.join('|')}> [-- options]`);
  process.exit(2);
}
const script = new URL(`bench-${name}.ts`, import.meta.url).pathname;
if (!existsSync(script)) process.exit(2);
const result = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
