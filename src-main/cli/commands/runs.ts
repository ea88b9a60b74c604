import type { Command } from 'commander';
import { callApi, printJson } from '../output';
import { positiveInt } from '../parsers';
import { withRuntime } from '../runtime';
import { watchRuns } from '../watch-runs';
import { printRunSummary, runLine } from './run-summary';

export function registerRuns(program: Command): void {
  const runs = program.command('runs').description('list, inspect, resume and cancel runs');

  runs
    .command('list')
    .description('recent runs, newest first')
    .option('--experiment <id>', 'only the runs of this experiment', positiveInt)
    .action((flags: { experiment?: number }, command: Command) =>
      withRuntime(command, async (runtime, globals) => {
        const list = await callApi(runtime, 'runs.list', { experimentId: flags.experiment });
        if (globals.json) printJson(list);
        else for (const r of list) process.stdout.write(`${runLine(r)}\n`);
      }),
    );

  runs
    .command('show <id>')
    .description('a run with its epochs, evaluations and efficiency')
    .action((id: string, _: unknown, command: Command) =>
      withRuntime(command, async (runtime, globals) => {
        const detail = await callApi(runtime, 'runs.get', { id: positiveInt(id) });
        if (globals.json) printJson(detail);
        else printRunSummary(detail);
      }),
    );

  runs
    .command('resume <id>')
    .description('continue a paused, interrupted, failed or cancelled run from its last checkpoint')
    .option('--detach', 'queue it and return without waiting')
    .action((id: string, flags: { detach?: boolean }, command: Command) =>
      withRuntime(command, async (runtime, globals) => {
        const run = await callApi(runtime, 'runs.resume', { id: positiveInt(id) });
        if (!flags.detach) await watchRuns(runtime, [run.id], globals.json);
        const detail = await callApi(runtime, 'runs.get', { id: run.id });
        if (globals.json) printJson(detail);
        else printRunSummary(detail);
      }),
    );

  runs
    .command('cancel <id>')
    .description('cancel a queued, paused or interrupted run')
    .action((id: string, _: unknown, command: Command) =>
      withRuntime(command, async (runtime, globals) => {
        const run = await callApi(runtime, 'runs.cancel', { id: positiveInt(id) });
        if (globals.json) printJson(run);
        else process.stdout.write(`${runLine(run)}\n`);
      }),
    );
}
