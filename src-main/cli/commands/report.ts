import { readFileSync, writeFileSync } from 'node:fs';
import { buildResultsDocument } from '@shared/report/results-document';
import { type Command, InvalidArgumentError } from 'commander';
import { callApi, printJson } from '../output';
import { positiveInt } from '../parsers';
import { withRuntime } from '../runtime';

/** "3,4" → [3, 4]: the experiments the document covers, in that order. */
function experimentIds(value: string): number[] {
  const ids = value.split(',').map((s) => s.trim());
  if (ids.length === 0 || ids.some((s) => s === ''))
    throw new InvalidArgumentError('expected experiment ids separated by commas, e.g. 3,4');
  return ids.map(positiveInt);
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description(
      'write a results document (e.g. experiments/RESULTS.md) from the database: per experiment the results table with n and paired tests, modality reliance, efficiency and the comparison with the reference',
    )
    .requiredOption(
      '--experiment <ids>',
      'experiment ids, comma-separated (e.g. 3,4)',
      experimentIds,
    )
    .requiredOption('--out <file>', 'the Markdown file to write')
    .option('--notes <file>', 'a hand-written Markdown file included verbatim at the end')
    .action((flags: { experiment: number[]; out: string; notes?: string }, command: Command) =>
      withRuntime(command, async (runtime, globals) => {
        const notes = flags.notes === undefined ? undefined : readFileSync(flags.notes, 'utf8');
        const details = [];
        for (const id of flags.experiment)
          details.push(await callApi(runtime, 'experiments.get', { id }));
        const regenerate = [
          'avlab report',
          `--experiment ${flags.experiment.join(',')}`,
          `--out ${flags.out}`,
          ...(flags.notes === undefined ? [] : [`--notes ${flags.notes}`]),
        ].join(' ');
        const content = buildResultsDocument(details, { command: regenerate, notes });
        writeFileSync(flags.out, content);
        if (globals.json)
          printJson({ ok: true, out: flags.out, bytes: Buffer.byteLength(content) });
        else process.stdout.write(`wrote ${flags.out}\n`);
      }),
    );
}
