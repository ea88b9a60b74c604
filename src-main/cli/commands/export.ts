import { writeFileSync } from 'node:fs';
import { EXPORT_TABLES, type ExportTable } from '@shared/api/methods/experiments';
import { EXPORT_FORMATS } from '@shared/report/format-table';
import { RESULT_METRICS, type ResultMetric } from '@shared/report/task-metric';
import type { Command } from 'commander';
import { callApi, printJson } from '../output';
import { oneOf, positiveInt, wholeNumber } from '../parsers';
import { withRuntime } from '../runtime';

export function registerExport(program: Command): void {
  program
    .command('export')
    .description(
      'write an experiment’s results, efficiency or modality-reliance table from the database',
    )
    .requiredOption('--experiment <id>', 'experiment id', positiveInt)
    .option('--format <f>', EXPORT_FORMATS.join(', '), oneOf(EXPORT_FORMATS), 'md')
    .option(
      '--table <t>',
      'results (accuracy per case, paired tests against FT), efficiency (params, memory, time per model kind) or reliance (the backbone on both modalities, audio only, visual only)',
      oneOf(EXPORT_TABLES),
      'results',
    )
    .option(
      '--metric <m>',
      'accuracy or macroF1 (single-label datasets), map or auc (multi-label); default the task’s primary one (accuracy, map)',
      oneOf(RESULT_METRICS),
    )
    .option('--digits <n>', 'decimals', wholeNumber, 3)
    .option('--out <file>', 'write to this file instead of stdout')
    .option('--ad-hoc', 'count evaluations asked for outside the spec’s grid (avlab eval) as well')
    .action(
      (
        flags: {
          experiment: number;
          format: (typeof EXPORT_FORMATS)[number];
          table: ExportTable;
          metric?: ResultMetric;
          digits: number;
          out?: string;
          adHoc?: boolean;
        },
        command: Command,
      ) =>
        withRuntime(command, async (runtime, globals) => {
          const file = await callApi(runtime, 'experiments.export', {
            id: flags.experiment,
            format: flags.format,
            table: flags.table,
            ...(flags.metric ? { metric: flags.metric } : {}),
            digits: flags.digits,
            adHoc: flags.adHoc ?? false,
          });
          if (flags.out) {
            writeFileSync(flags.out, file.content);
            if (globals.json)
              printJson({
                ok: true,
                out: flags.out,
                filename: file.filename,
                bytes: Buffer.byteLength(file.content),
              });
          } else if (globals.json && flags.format !== 'json') printJson(file);
          else process.stdout.write(file.content);
        }),
    );
}
