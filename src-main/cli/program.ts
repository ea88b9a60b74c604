import { Command } from 'commander';
import { registerBackbone } from './commands/backbone';
import { registerDataset } from './commands/dataset';
import { registerEval } from './commands/eval';
import { registerExperiment } from './commands/experiment';
import { registerExport } from './commands/export';
import { registerReport } from './commands/report';
import { registerRuns } from './commands/runs';
import { registerServe } from './commands/serve';
import { registerTrain } from './commands/train';
import { registerWorker } from './commands/worker';

/**
 * The `avlab` command tree. Usage errors throw (exitOverride, inherited by every subcommand), so
 * that main reports them like any other failure; with --json commander itself prints nothing.
 */
export function buildProgram(version: string, json = false): Command {
  const program = new Command('avlab')
    .description('AV Prompt Lab: prompt learning vs fine-tuning for audio-visual classification')
    .version(version)
    .option('--home <dir>', 'data directory (default: $AVLAB_HOME or the OS app-data folder)')
    .option('--json', 'print exactly one JSON document on stdout')
    .showHelpAfterError()
    .exitOverride();
  if (json) program.configureOutput({ writeErr: () => {} });
  registerServe(program);
  registerDataset(program);
  registerTrain(program);
  registerEval(program);
  registerExperiment(program);
  registerRuns(program);
  registerExport(program);
  registerReport(program);
  registerBackbone(program);
  registerWorker(program);
  return program;
}
