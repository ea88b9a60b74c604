import { readFileSync } from 'node:fs';
import { reportFailure } from './output';
import { buildProgram } from './program';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};
const program = buildProgram(pkg.version);

program.parseAsync(process.argv).catch((error: unknown) => {
  reportFailure(error, program.opts<{ json?: boolean }>().json);
});
