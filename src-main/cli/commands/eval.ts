import { CASES } from '@shared/domain/cases';
import { PROMPTINGS } from '@shared/domain/methods';
import type { Command } from 'commander';
import { evaluationFigures } from '../evaluation-text';
import { callApi, printJson } from '../output';
import { fraction, oneOf, positiveInt } from '../parsers';
import { withRuntime } from '../runtime';

export function registerEval(program: Command): void {
  program
    .command('eval')
    .description(
      'evaluate a finished run on one case (stored with the run; outside its spec’s grid, marked ad hoc)',
    )
    .requiredOption('--run <id>', 'run id', positiveInt)
    .requiredOption('--case <c>', `test case: ${CASES.join(', ')}`, oneOf(CASES))
    .option(
      '--prompting <p>',
      'situation (known degradation) or concat (all prompt sets)',
      oneOf(PROMPTINGS),
      'situation',
    )
    .option('--rate <eta>', 'share of test samples degraded (default: the run’s own)', fraction)
    .option('--split <s>', 'test or val (validation)', oneOf(['test', 'val'] as const), 'test')
    .action(
      (
        flags: {
          run: number;
          case: (typeof CASES)[number];
          prompting: (typeof PROMPTINGS)[number];
          rate?: number;
          split: 'test' | 'val';
        },
        command: Command,
      ) =>
        withRuntime(command, async (runtime, globals) => {
          // The evaluation runs as a task of this process's queue, claimed for it; queued runs
          // are left for a command that trains them (the queue is not started).
          const evaluation = await callApi(runtime, 'runs.evaluate', {
            id: flags.run,
            case: flags.case,
            prompting: flags.prompting,
            missingRate: flags.rate,
            split: flags.split,
          });
          if (globals.json) printJson(evaluation);
          else {
            process.stdout.write(
              `run ${evaluation.runId} on ${evaluation.case} (${evaluation.prompting}, η ${evaluation.missingRate}, ${evaluation.split}${evaluation.adHoc ? ', ad hoc' : ''}): ` +
                `${evaluationFigures(evaluation)}, ${evaluation.samples} samples\n`,
            );
          }
        }),
    );
}
