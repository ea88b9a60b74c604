import { Command } from 'commander';
import { registerDataset } from './commands/dataset';
import { registerServe } from './commands/serve';

export function buildProgram(version: string): Command {
  const program = new Command('avlab')
    .description('AV Prompt Lab: prompt learning vs fine-tuning for audio-visual classification')
    .version(version)
    .option('--home <dir>', 'data directory (default: $AVLAB_HOME or the OS app-data folder)')
    .option('--json', 'print exactly one JSON document on stdout')
    .showHelpAfterError();
  registerServe(program);
  registerDataset(program);
  return program;
}
