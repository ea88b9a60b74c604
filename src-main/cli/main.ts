import { CommanderError } from 'commander';
import { APP_VERSION } from '../version';
import { reportFailure } from './output';
import { buildProgram } from './program';

const json = process.argv.includes('--json');
const program = buildProgram(APP_VERSION, json);

program.parseAsync(process.argv).catch((error: unknown) => {
  // Usage errors too, so that with --json stdout still holds exactly one document.
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode;
    // Without --json, commander has already printed the error and the help.
    if (json && error.exitCode !== 0) reportFailure(error, json);
    return;
  }
  reportFailure(error, json);
});
