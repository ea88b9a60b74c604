import { CASES } from '@shared/domain/cases';
import { PROMPTINGS } from '@shared/domain/methods';
import type { Command } from 'commander';
import { callApi, printJson } from '../output';
import { fraction, oneOf, positiveInt } from '../parsers';
import { withRuntime } from '../runtime';

export function registerEval(program: Command): void {
  program
    .command('eval')
    .description('evaluate a finished run on one case (stored with the run)')
    .requiredOption('--run <id>', 'run id', positiveInt)
    .requiredOption('--case <c>', `test case: ${CASES.join(', ')}`, oneOf(CASES))
    .option(
      '--prompting <p>',
      'situation (known degradation) or concat (all prompt sets)',
      oneOf(PROMPTINGS),
      'situation',
    )
    .option('--rate <eta>', 'share of test samples degraded (default: the run’s own)', fraction)
    .action(
      (
        flags: {
          run: number;
          case: (typeof CASES)[number];
          prompting: (typeof PROMPTINGS)[number];
          rate?: number;
        },
        command: Command,
      ) =>
        withRuntime(command, async (runtime, globals) => {
          const evaluation = await callApi(runtime, 'runs.evaluate', {
            id: flags.run,
            case: flags.case,
            prompting: flags.prompting,
            missingRate: flags.rate,
          });
          if (globals.json) printJson(evaluation);
          else {
            process.stdout.write(
              `run ${flags.run} on ${evaluation.case} (${evaluation.prompting}, η ${evaluation.missingRate}): ` +
                `accuracy ${(100 * evaluation.accuracy).toFixed(2)} %, macro-F1 ${evaluation.macroF1.toFixed(4)}, ${evaluation.samples} samples\n`,
            );
          }
        }),
    );
}
