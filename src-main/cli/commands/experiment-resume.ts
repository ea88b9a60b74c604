import type { Command } from 'commander';
import { callApi, printJson } from '../output';
import { positiveInt } from '../parsers';
import { coordinatorFor, type QueueFlags, withQueueOptions } from '../queue-options';
import { withRuntime } from '../runtime';
import { watchRuns } from '../watch-runs';
import { runLine } from './run-summary';

/**
 * `avlab experiment resume <id>`: carries an experiment on after its process stopped (a crash, a
 * kill, a restart of the coordinator): runs cut off resume from their last checkpoint, queued
 * ones train, and runs still in the distributed queue are adopted, not started again.
 */
export function registerExperimentResume(experiment: Command): void {
  withQueueOptions(
    experiment
      .command('resume <id>')
      .description('continue an experiment: interrupted and paused runs resume, queued ones train'),
  ).action((id: string, flags: QueueFlags, command: Command) =>
    withRuntime(command, async (runtime, globals) => {
      const log = (line: string) => {
        if (!globals.json) process.stderr.write(`${line}\n`);
      };
      const experimentId = positiveInt(id);
      await callApi(runtime, 'experiments.get', { id: experimentId });
      await coordinatorFor(runtime, flags, log);
      // Claiming the queue first: a takeover marks what the last owner left running.
      runtime.ctx.queue.mustOwn();
      const before = await callApi(runtime, 'runs.list', { experimentId });
      for (const run of before) {
        if (run.status === 'interrupted' || run.status === 'paused')
          await callApi(runtime, 'runs.resume', { id: run.id });
      }
      const open = (await callApi(runtime, 'runs.list', { experimentId }))
        .filter((r) => r.status === 'queued' || r.status === 'running')
        .map((r) => r.id);
      log(`experiment ${experimentId}: ${open.length} runs to train`);
      await watchRuns(runtime, open, globals.json);
      const runs = await callApi(runtime, 'runs.list', { experimentId });
      if (globals.json) printJson({ runs });
      else for (const r of runs) process.stdout.write(`${runLine(r)}\n`);
      if (runs.some((r) => r.status === 'failed' || r.status === 'interrupted'))
        process.exitCode = 1;
    }),
  );
}
