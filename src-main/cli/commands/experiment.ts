import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fieldIssues } from '@shared/api/envelope';
import { ScenarioSchema } from '@shared/domain/scenario';
import type { Command } from 'commander';
import { resolveDatasetRef } from '../dataset-ref';
import { callApi, printJson } from '../output';
import { positiveInt } from '../parsers';
import { mustTrainHere } from '../queue-holder';
import { coordinatorFor, type QueueFlags, withQueueOptions } from '../queue-options';
import { withRuntime } from '../runtime';
import { watchRuns } from '../watch-runs';
import { registerExperimentResume } from './experiment-resume';
import { runLine } from './run-summary';

/** Reads an experiment spec: a scenario as JSON, checked field by field. */
export function readSpec(file: string, datasetOverride?: string) {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(resolve(file), 'utf8'));
  } catch (error) {
    throw new Error(`${file}: cannot read the spec as JSON (${(error as Error).message})`);
  }
  const withDataset =
    datasetOverride && raw && typeof raw === 'object'
      ? { ...raw, datasetId: datasetOverride }
      : raw;
  const parsed = ScenarioSchema.safeParse(withDataset);
  if (!parsed.success) {
    const issues = fieldIssues(parsed.error.issues, '').map(
      (i) => `${i.field || '(root)'}: ${i.message}`,
    );
    throw new Error(`${file}: not a valid experiment spec:\n  ${issues.join('\n  ')}`);
  }
  return parsed.data;
}

export function registerExperiment(program: Command): void {
  const experiment = program.command('experiment').description('run and inspect whole scenarios');

  withQueueOptions(
    experiment
      .command('run <spec>')
      .description('create the experiment of a spec (experiments/*.json) and train all its runs')
      .option('--dataset <id>', 'use this dataset instead of the spec’s datasetId')
      .option('--detach', 'queue the runs and return without waiting'),
  ).action(
    (spec: string, flags: { dataset?: string; detach?: boolean } & QueueFlags, command: Command) =>
      withRuntime(command, async (runtime, globals) => {
        const parsed = readSpec(spec, flags.dataset);
        const log = (line: string) => {
          if (!globals.json) process.stderr.write(`${line}\n`);
        };
        const scenario = {
          ...parsed,
          datasetId: await resolveDatasetRef(runtime.ctx.layout.root, parsed.datasetId, log),
        };
        // Before any run exists: an unreachable Redis is an error, and nothing is created.
        if (!flags.detach) await coordinatorFor(runtime, flags, log);
        if (!flags.detach) mustTrainHere(runtime, 'avlab experiment run');
        const created = await callApi(runtime, 'experiments.create', { scenario });
        if (!globals.json) {
          process.stderr.write(
            `experiment ${created.experiment.id}: ${created.runs.length} runs queued\n`,
          );
        }
        if (!flags.detach)
          await watchRuns(
            runtime,
            created.runs.map((r) => r.id),
            globals.json,
          );
        const runs = await callApi(runtime, 'runs.list', { experimentId: created.experiment.id });
        if (globals.json) printJson({ experiment: created.experiment, runs });
        else for (const r of runs) process.stdout.write(`${runLine(r)}\n`);
        if (runs.some((r) => r.status === 'failed' || r.status === 'interrupted'))
          process.exitCode = 1;
      }),
  );

  registerExperimentResume(experiment);

  experiment
    .command('list')
    .description('list experiments')
    .action((_: unknown, command: Command) =>
      withRuntime(command, async (runtime, globals) => {
        const list = await callApi(runtime, 'experiments.list', {});
        if (globals.json) printJson(list);
        else
          for (const e of list)
            process.stdout.write(`${e.id}\t${e.name}\t${e.datasetId}\t${e.createdAt}\n`);
      }),
    );

  experiment
    .command('show <id>')
    .description('an experiment’s runs')
    .action((id: string, _: unknown, command: Command) =>
      withRuntime(command, async (runtime, globals) => {
        const detail = await callApi(runtime, 'experiments.get', { id: positiveInt(id) });
        if (globals.json) printJson(detail);
        else {
          process.stdout.write(
            `${detail.experiment.id}  ${detail.experiment.name}  (${detail.experiment.datasetId})\n`,
          );
          for (const r of detail.runs) process.stdout.write(`${runLine(r)}\n`);
        }
      }),
    );
}
