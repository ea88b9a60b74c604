import { APP_VERSION } from '../version';
import { reportFailure } from './output';
import { buildProgram } from './program';

const program = buildProgram(APP_VERSION);

program.parseAsync(process.argv).catch((error: unknown) => {
  reportFailure(error, program.opts<{ json?: boolean }>().json);
});
