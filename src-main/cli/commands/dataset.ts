import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ApiError } from '@shared/api/envelope';
import { CASES, type Case } from '@shared/domain/cases';
import {
  type DataProgress,
  DEFAULT_FEATURE_SETTINGS,
  type FeatureSettings,
  type FeatureSettingsRequest,
  type ImporterKind,
  type ImportOptionsByKind,
  NORMALISATIONS,
} from '@shared/domain/dataset';
import cliProgress from 'cli-progress';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { classifyDataError } from '../../data/data-errors';
import { DecodeError } from '../../data/decode-error';
import { FEATURE_OPTION_FLAGS, FeatureSettingsError } from '../../data/feature-settings';
import { formatImportReport, formatInspection } from '../../data/inspect';
import { DatasetLibrary } from '../../data/library';
import { imagePng, spectrogramPng } from '../../data/preview-png';
import { DEFAULT_SOURCE_LIMITS, MB } from '../../data/source-limits';
import { resolveDataDir } from '../../home';
import { callApi, type GlobalOptions, printJson, reportFailure } from '../output';
import { fraction, positiveInt, positiveNumber, wholeNumber } from '../parsers';
import { withRuntime } from '../runtime';

/** One bar per stage on stderr (stdout stays clean for --json); silent when stderr is no TTY. */
function progressBar(): { onProgress: (p: DataProgress) => void; stop: () => void } {
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: '{stage} [{bar}] {value}/{total} {percentage}% | {duration_formatted}',
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  let stage: string | undefined;
  return {
    onProgress: (p) => {
      if (p.stage !== stage) {
        if (stage) bar.stop();
        stage = p.stage;
        bar.start(p.total, p.done, { stage: p.stage.padEnd(9) });
      } else bar.update(p.done);
    },
    stop: () => {
      if (stage) bar.stop();
    },
  };
}

interface FeatureFlags {
  features: boolean;
  sampleRate?: number;
  audioFrames?: number | 'auto';
  melBins?: number;
  imageSize?: number;
  storage?: 'float32' | 'float16';
  normalisation?: 'dataset' | 'cav-mae';
}

function framesOrAuto(value: string): number | 'auto' {
  if (value === 'auto') return 'auto';
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) {
    throw new InvalidArgumentError("expected a positive whole number or 'auto'");
  }
  return n;
}

/**
 * The feature options. At import they fix the dataset's settings (defaults for any left out);
 * for inspect and preview they are left out unless given, so the dataset's own settings apply.
 */
function addFeatureOptions(command: Command, at: 'import' | 'view'): Command {
  const d = DEFAULT_FEATURE_SETTINGS;
  const fallback = (value: string | number) =>
    at === 'import' ? `(default: ${value})` : "(default: the dataset's)";
  return command
    .option('--sample-rate <hz>', `feature sample rate ${fallback(d.sampleRate)}`, positiveInt)
    .option(
      '--audio-frames <n|auto>',
      at === 'import'
        ? `filterbank frames kept (10 ms each); 'auto' = enough for the longest clip ${fallback(d.audioFrames)}`
        : `filterbank frames kept (10 ms each) ${fallback(d.audioFrames)}`,
      at === 'import' ? framesOrAuto : positiveInt,
    )
    .option('--mel-bins <n>', `mel bins ${fallback(d.melBins)}`, positiveInt)
    .option('--image-size <px>', `image side after resizing ${fallback(d.imageSize)}`, positiveInt)
    .addOption(
      new Option('--storage <type>', `feature cache value type ${fallback(d.storage)}`).choices([
        'float32',
        'float16',
      ]),
    )
    .addOption(
      new Option(
        '--normalisation <n>',
        `dataset (train-split statistics) or cav-mae (the constants CAV-MAE's weights expect) ${fallback('dataset')}`,
      ).choices(NORMALISATIONS),
    );
}

/** Only the feature options that were given. */
function featureRequest(flags: FeatureFlags): FeatureSettingsRequest {
  const request: FeatureSettingsRequest = {
    sampleRate: flags.sampleRate,
    audioFrames: flags.audioFrames,
    melBins: flags.melBins,
    imageSize: flags.imageSize,
    storage: flags.storage,
    normalisation: flags.normalisation,
  };
  for (const key of Object.keys(request) as (keyof FeatureSettingsRequest)[]) {
    if (request[key] === undefined) delete request[key];
  }
  return request;
}

/** Given options over the dataset's settings, or undefined (the dataset's) when none given. */
function viewSettings(
  lib: DatasetLibrary,
  id: string,
  flags: FeatureFlags,
): FeatureSettings | undefined {
  const { normalisation, ...request } = featureRequest(flags);
  if (Object.keys(request).length === 0 && !normalisation) return undefined;
  const { normalisation: own, ...settings } = { ...lib.featureSettings(id), ...request };
  // `dataset` is stored as absent (FeatureSettingsSchema).
  const chosen = normalisation ? normalisation : own;
  return {
    ...settings,
    ...(chosen === 'cav-mae' ? { normalisation: chosen } : {}),
  } as FeatureSettings;
}

/** Bad input and refused settings are the user's to fix, not internal failures. */
function asUserError(error: unknown): unknown {
  const data = classifyDataError(error);
  if (data.kind === 'internal') return error;
  return new ApiError({
    kind: data.kind,
    message: data.message,
    issues:
      error instanceof FeatureSettingsError
        ? [{ field: FEATURE_OPTION_FLAGS[error.option], message: data.message }]
        : error instanceof DecodeError
          ? [{ field: error.file, message: error.reason }]
          : data.field
            ? [{ field: data.field, message: data.message }]
            : undefined,
  });
}

function library(command: Command): { library: DatasetLibrary; json: boolean } {
  const globals = command.optsWithGlobals<GlobalOptions>();
  return { library: new DatasetLibrary(resolveDataDir(globals.home)), json: Boolean(globals.json) };
}

/** Runs an import with a progress bar and prints the report (one JSON document with --json). */
function importAction<K extends ImporterKind>(
  kind: K,
  toOptions: (args: string[], flags: Record<string, unknown>) => ImportOptionsByKind[K],
) {
  return async (...params: unknown[]) => {
    const command = params[params.length - 1] as Command;
    const flags = command.opts<FeatureFlags & Record<string, unknown>>();
    const { library: lib, json } = library(command);
    const bar = progressBar();
    try {
      const options = { ...toOptions(command.args, flags), features: featureRequest(flags) };
      // --no-features keeps the settings but skips computing the cache now.
      const report = await lib.import(kind, options, bar.onProgress, {
        features: flags.features ? undefined : false,
      });
      bar.stop();
      if (json) printJson({ ok: true, ...report });
      else process.stdout.write(formatImportReport(report));
    } catch (error) {
      bar.stop();
      reportFailure(asUserError(error), json);
    }
  };
}

const common = (flags: Record<string, unknown>) => ({
  name: flags.name as string | undefined,
  seed: flags.seed as number | undefined,
  valFraction: flags.valFraction as number | undefined,
  limits: {
    maxFileMB: flags.maxFileMb as number | undefined,
    maxImageMegapixels: flags.maxImageMp as number | undefined,
  },
});

function importCommand(parent: Command, name: string, description: string): Command {
  const command = parent
    .command(name)
    .description(description)
    .option('--name <name>', 'dataset name')
    .option('--seed <n>', 'seed for splits and pairing', wholeNumber)
    .option('--val-fraction <f>', 'share of train carved out as validation', fraction)
    .option('--no-features', 'keep the feature settings but skip computing the cache now')
    .option(
      '--max-file-mb <mb>',
      `largest audio, image, manifest or IDX file read, in MiB (default: ${DEFAULT_SOURCE_LIMITS.maxFileBytes / MB})`,
      positiveNumber,
    )
    .option(
      '--max-image-mp <mp>',
      `largest image in megapixels, from its header (default: ${DEFAULT_SOURCE_LIMITS.maxImagePixels / 1e6})`,
      positiveNumber,
    );
  return addFeatureOptions(command, 'import');
}

export function registerDataset(program: Command): void {
  const dataset = program
    .command('dataset')
    .description('import, list, inspect and preview datasets');
  const imports = dataset.command('import').description('import a dataset into the data directory');

  importCommand(imports, 'demo', 'the built-in procedural dataset (no files needed)')
    .option('--samples-per-class <n>', 'samples per class', positiveInt)
    .action(
      importAction('demo', (_, f) => ({
        ...common(f),
        samplesPerClass: f.samplesPerClass as number | undefined,
      })),
    );

  importCommand(imports, 'manifest', 'a CSV with audio,image,label[,split|fold][,id] columns')
    .argument('<file>', 'the CSV file; paths in it are relative to it or absolute')
    .option('--classes <list>', 'allowed labels in class order, comma-separated')
    .option(
      '--test-fold <n>',
      'with a fold column: the test fold (default: the highest)',
      wholeNumber,
    )
    .option('--test-fraction <f>', 'without split/fold: share held out as test', fraction)
    .action(
      importAction('manifest', ([file], f) => ({
        ...common(f),
        file: resolve(file!),
        classes: (f.classes as string | undefined)?.split(',').map((c) => c.trim()),
        testFold: f.testFold as number | undefined,
        testFraction: f.testFraction as number | undefined,
      })),
    );

  importCommand(imports, 'folders', 'root/<class>/<id>.wav paired with root/<class>/<id>.{png,jpg}')
    .argument('<dir>', 'the root folder (optionally with train/ val/ test/ above the classes)')
    .option('--test-fraction <f>', 'without split folders: share held out as test', fraction)
    .action(
      importAction('folders', ([dir], f) => ({
        ...common(f),
        root: resolve(dir!),
        testFraction: f.testFraction as number | undefined,
      })),
    );

  importCommand(
    imports,
    'avmnist',
    'AV-MNIST: FSDD clips paired with MNIST images of the same digit',
  )
    .requiredOption('--fsdd <dir>', 'FSDD folder (or its recordings/ folder)')
    .requiredOption('--mnist <dir>', 'folder with the four MNIST IDX files (.gz or plain)')
    .addOption(
      new Option('--split <rule>', 'speaker split or FSDD official (takes 0–4 test)')
        .choices(['speaker', 'official'])
        .default('speaker'),
    )
    .option('--pairs-per-clip <n>', 'MNIST images paired with each clip', positiveInt, 1)
    .action(
      importAction('avmnist', (_, f) => ({
        ...common(f),
        fsdd: resolve(f.fsdd as string),
        mnist: resolve(f.mnist as string),
        split: f.split as 'speaker' | 'official',
        pairsPerClip: f.pairsPerClip as number,
      })),
    );

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
  ).action((id: string, flags: FeatureFlags, command: Command) => {
    const { library: lib, json } = library(command);
    try {
      const inspection = lib.inspect(id, viewSettings(lib, id, flags));
      if (json) printJson({ ok: true, ...inspection });
      else process.stdout.write(formatInspection(inspection));
    } catch (error) {
      reportFailure(asUserError(error), json);
    }
  });

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
    async (
      id: string,
      index: number,
      flags: FeatureFlags & Record<string, unknown>,
      command: Command,
    ) => {
      const { library: lib, json } = library(command);
      const bar = progressBar();
      try {
        const testCase = flags.case as Case;
        const preview = await lib.preview(id, index, testCase, {
          settings: viewSettings(lib, id, flags),
          corruption: {
            audioNoises: ['gaussian', 'time_shift', 'time_mask', 'freq_mask'],
            visualNoises: ['gaussian', 'blur', 'pixelate', 'occlusion'],
            severity: flags.severity as number,
          },
          seed: flags.seed as number | undefined,
          onProgress: bar.onProgress,
        });
        bar.stop();
        const out = resolve(flags.out as string);
        mkdirSync(out, { recursive: true });
        const stem = join(out, `${id}-${index}-${testCase}`);
        writeFileSync(`${stem}-spectrogram.png`, spectrogramPng(preview));
        writeFileSync(`${stem}-image.png`, imagePng(preview));
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
        if (json) printJson(document);
        else process.stdout.write(`wrote ${document.spectrogram}\nwrote ${document.image}\n`);
      } catch (error) {
        bar.stop();
        reportFailure(asUserError(error), json);
      }
    },
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
