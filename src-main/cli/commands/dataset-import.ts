import { resolve } from 'node:path';
import type { ApiParams } from '@shared/api/contract';
import type { ImporterKind, ImportOptionsByKind } from '@shared/domain/dataset';
import { type Command, Option } from 'commander';
import { formatImportReport } from '../../data/inspect';
import { DEFAULT_SOURCE_LIMITS, MB } from '../../data/source-limits';
import { callDatasetApi } from '../dataset-call';
import { printJson } from '../output';
import { fraction, positiveInt, positiveNumber, wholeNumber } from '../parsers';
import { withRuntime } from '../runtime';
import { addFeatureOptions, type FeatureFlags, featureRequest } from './dataset-features';

/** Runs an import through the API with a progress bar and prints the report (one JSON document with --json). */
function importAction<K extends ImporterKind>(
  kind: K,
  toOptions: (args: string[], flags: Record<string, unknown>) => ImportOptionsByKind[K],
) {
  return (...params: unknown[]) => {
    const command = params[params.length - 1] as Command;
    const flags = command.opts<FeatureFlags & Record<string, unknown>>();
    return withRuntime(command, async (runtime, globals) => {
      const options = { ...toOptions(command.args, flags), features: featureRequest(flags) };
      const report = await callDatasetApi(runtime, 'datasets.import', {
        kind,
        options,
        // --no-features keeps the settings but skips computing the cache now.
        computeFeatures: flags.features,
      } as ApiParams<'datasets.import'>);
      if (globals.json) printJson({ ok: true, ...report });
      else process.stdout.write(formatImportReport(report));
    });
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

/** `avlab dataset import demo|manifest|folders|avmnist|video`. */
export function registerDatasetImport(dataset: Command): void {
  const imports = dataset.command('import').description('import a dataset into the data directory');

  importCommand(imports, 'demo', 'the built-in procedural dataset (no files needed)')
    .option('--samples-per-class <n>', 'samples per class', positiveInt)
    .option(
      '--multi-label',
      'multi-label variant: half the samples pair one class’s sound with another’s picture and carry both labels',
    )
    .action(
      importAction('demo', (_, f) => ({
        ...common(f),
        samplesPerClass: f.samplesPerClass as number | undefined,
        ...(f.multiLabel ? { multiLabel: true } : {}),
      })),
    );

  importCommand(
    imports,
    'manifest',
    "a CSV with audio,image,label[,split|fold][,id] columns (labels split by ';' make it multi-label)",
  )
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

  importCommand(
    imports,
    'video',
    'video clips + a label CSV (VGGSound, AudioSet, or video,label[,split]): audio track and k frames per clip, through ffmpeg',
  )
    .requiredOption('--csv <file>', 'the label CSV')
    .requiredOption('--videos <dir>', 'the folder with the clips (searched two levels deep)')
    .addOption(
      new Option('--format <format>', 'the label CSV layout')
        .choices(['vggsound', 'audioset', 'manifest'])
        .makeOptionMandatory(),
    )
    .option('--labels <file>', "AudioSet's class_labels_indices.csv (needed for --format audioset)")
    .option('--frames <k>', 'frames per clip, evenly spread (default 10)', positiveInt)
    .option('--jobs <n>', 'clips extracted at once (default: every core)', positiveInt)
    .addOption(
      new Option(
        '--missing-audio <what>',
        'a clip without an audio track: reject it, or keep it with silent audio',
      )
        .choices(['reject', 'silent'])
        .default('reject'),
    )
    .addOption(
      new Option('--split <split>', 'the split of every clip when the CSV has none').choices([
        'train',
        'val',
        'test',
      ]),
    )
    .option('--classes <list>', 'allowed labels in class order, comma-separated')
    .option('--test-fraction <f>', 'without declared splits: share held out as test', fraction)
    .action(
      importAction('video', (_, f) => ({
        ...common(f),
        csv: resolve(f.csv as string),
        videos: resolve(f.videos as string),
        format: f.format as 'vggsound' | 'audioset' | 'manifest',
        labels: f.labels === undefined ? undefined : resolve(f.labels as string),
        frames: f.frames as number | undefined,
        jobs: f.jobs as number | undefined,
        missingAudio: f.missingAudio as 'reject' | 'silent',
        split: f.split as 'train' | 'val' | 'test' | undefined,
        classes: (f.classes as string | undefined)?.split(',').map((c) => c.trim()),
        testFraction: f.testFraction as number | undefined,
      })),
    );
}
