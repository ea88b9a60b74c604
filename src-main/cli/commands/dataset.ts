import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CASES, type Case } from '@shared/domain/cases';
import { type Command, Option } from 'commander';
import { type DatasetInspection, formatInspection } from '../../data/inspect';
import { callDatasetApi } from '../dataset-call';
import { callApi, printJson } from '../output';
import { fraction, wholeNumber } from '../parsers';
import { withRuntime } from '../runtime';
import { addFeatureOptions, type FeatureFlags, viewFeatures } from './dataset-features';
import { registerDatasetImport } from './dataset-import';

/** The bytes of a `data:image/png;base64,…` URL, as the API returns a PNG. */
function pngBytes(dataUrl: string): Buffer {
  return Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
}

/** Every `avlab dataset …` command goes through the API, as the UI and the HTTP server do. */
export function registerDataset(program: Command): void {
  const dataset = program
    .command('dataset')
    .description('import, list, inspect and preview datasets');
  registerDatasetImport(dataset);

  dataset
    .command('list')
    .description('list the datasets in the data directory')
    .action((_: unknown, command: Command) =>
      withRuntime(command, async (runtime, globals) => {
        const datasets = await callApi(runtime, 'datasets.list', {});
        if (globals.json) printJson({ ok: true, datasets });
        else if (!datasets.length)
          process.stdout.write('no datasets yet (try: avlab dataset import demo)\n');
        else
          for (const d of datasets) {
            const { train, val, test } = d.counts;
            process.stdout.write(
              `${d.id}\t${d.kind}\t${d.name}\ttrain ${train} / val ${val} / test ${test}\n`,
            );
          }
      }),
    );

  addFeatureOptions(
    dataset
      .command('inspect')
      .description('class counts, durations, feature shapes and statistics')
      .argument('<id>', 'dataset id'),
    'view',
  ).action((id: string, flags: FeatureFlags, command: Command) =>
    withRuntime(command, async (runtime, globals) => {
      const inspection = await callDatasetApi(runtime, 'datasets.inspect', {
        id,
        features: viewFeatures(flags),
      });
      if (globals.json) printJson({ ok: true, ...inspection });
      // In process the handler's own object comes back, with every field the text needs.
      else process.stdout.write(formatInspection(inspection as DatasetInspection));
    }),
  );

  addFeatureOptions(
    dataset
      .command('preview')
      .description('write the spectrogram and image PNGs as the model sees them under a case')
      .argument('<id>', 'dataset id')
      .argument('<sample>', 'sample index', wholeNumber)
      .addOption(
        new Option('--case <case>', 'degradation case').choices([...CASES]).default('complete'),
      )
      .option('--severity <s>', 'corruption severity', fraction, 0.5)
      .option('--seed <n>', 'corruption seed (default: the sample index)', wholeNumber)
      .option('--out <dir>', 'output folder', '.'),
    'view',
  ).action(
    (id: string, index: number, flags: FeatureFlags & Record<string, unknown>, command: Command) =>
      withRuntime(command, async (runtime, globals) => {
        const testCase = flags.case as Case;
        const preview = await callDatasetApi(runtime, 'datasets.preview', {
          id,
          index,
          case: testCase,
          corruption: {
            audioNoises: ['gaussian', 'time_shift', 'time_mask', 'freq_mask'],
            visualNoises: ['gaussian', 'blur', 'pixelate', 'occlusion'],
            severity: flags.severity as number,
          },
          seed: (flags.seed as number | undefined) ?? index,
          features: viewFeatures(flags),
          renderSpectrogram: true,
        });
        if (!preview.spectrogramPng) throw new Error('datasets.preview returned no spectrogram');
        const out = resolve(flags.out as string);
        mkdirSync(out, { recursive: true });
        const stem = join(out, `${id}-${index}-${testCase}`);
        writeFileSync(`${stem}-spectrogram.png`, pngBytes(preview.spectrogramPng));
        writeFileSync(`${stem}-image.png`, pngBytes(preview.imagePng));
        const document = {
          ok: true,
          datasetId: id,
          sample: index,
          case: testCase,
          className: preview.className,
          audioApplied: preview.audioApplied,
          visualApplied: preview.visualApplied,
          spectrogram: `${stem}-spectrogram.png`,
          image: `${stem}-image.png`,
          shape: preview.shape,
        };
        if (globals.json) printJson(document);
        else process.stdout.write(`wrote ${document.spectrogram}\nwrote ${document.image}\n`);
      }),
  );

  dataset
    .command('remove')
    .description(
      'delete a dataset and its feature caches (refused while a run on it is unfinished)',
    )
    .argument('<id>', 'dataset id')
    .action((id: string, _: unknown, command: Command) =>
      // Through the API: only it knows which runs still read the dataset.
      withRuntime(command, async (runtime, globals) => {
        await callApi(runtime, 'datasets.remove', { id });
        if (globals.json) printJson({ ok: true, removed: id });
        else process.stdout.write(`removed ${id}\n`);
      }),
    );
}
