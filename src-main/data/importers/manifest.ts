import { basename, dirname, isAbsolute, resolve } from 'node:path';
import type {
  DataProgress,
  DatasetSample,
  ManifestImportOptions,
  RejectedFile,
  Split,
} from '@shared/domain/dataset';
import { DecodeError } from '../decode-error';
import { sourceLimits } from '../source-limits';
import type { SampleSources } from '../sources';
import { parseCsvFile, readImportText } from './csv-file';
import {
  type DatasetDraft,
  DEFAULT_SEED,
  DEFAULT_TEST_FRACTION,
  DEFAULT_VAL_FRACTION,
  sortLabels,
} from './draft';
import { groupBySource, sourceKey, sourceName } from './source-groups';
import { carveValidation, groupedSplits, SPLIT_NAMES } from './splits';
import { checkFilePair } from './validate-pair';

interface ManifestRow {
  line: number;
  id: string;
  audio: string;
  image: string;
  /** Every label of the row, in the order written (one, unless the row lists several with ';'). */
  labels: string[];
  split?: Split;
  fold?: number;
}

/**
 * A CSV with a header naming `audio`, `image`, `label` and optionally `split` or `fold` and `id`.
 * A label field may list several classes separated by ';' (`dog;bark`): the dataset is then
 * multi-label (every sample keeps all its classes); with one label per row it is single-label.
 * Paths are relative to the CSV or absolute. Rows without a split get a seeded stratified one;
 * with folds, `testFold` is test and the rest train; val is carved from train when absent.
 */
export function draftManifest(
  options: ManifestImportOptions,
  onProgress: (progress: DataProgress) => void = () => {},
  sources?: SampleSources,
): DatasetDraft {
  const file = resolve(options.file);
  const limits = sourceLimits(options.limits, options.features);
  const text = readImportText(file, limits.maxFileBytes, 'manifest');
  const [header, ...body] = parseCsvFile(file, text);
  if (!header) throw new DecodeError(file, 'empty manifest (no header line)');
  const columns = header.fields.map((name) => name.trim().toLowerCase());
  for (const required of ['audio', 'image', 'label']) {
    if (!columns.includes(required)) {
      throw new DecodeError(
        file,
        `header lacks a '${required}' column (has: ${columns.join(', ')})`,
      );
    }
  }
  const at = (fields: string[], name: string) => {
    const i = columns.indexOf(name);
    return i < 0 ? undefined : fields[i]?.trim();
  };
  const rejected: RejectedFile[] = [];
  const where = (line: number) => `${basename(file)}:${line}`;
  const allowed = options.classes ? new Set(options.classes) : undefined;
  const seenIds = new Map<string, number>();
  const rows: ManifestRow[] = [];
  for (const { line, fields } of body) {
    if (fields.length !== columns.length) {
      rejected.push({
        file: where(line),
        reason: `expected ${columns.length} fields, found ${fields.length}`,
      });
      continue;
    }
    const audio = at(fields, 'audio')!;
    const image = at(fields, 'image')!;
    const label = at(fields, 'label')!;
    if (!audio || !image) {
      rejected.push({
        file: where(line),
        reason: `missing ${audio ? 'image' : 'audio'} half of the pair`,
      });
      continue;
    }
    if (!label) {
      rejected.push({ file: where(line), reason: 'empty label' });
      continue;
    }
    // Several labels separated by ';' make a multi-label row (AudioSet-style datasets).
    const labelNames = [...new Set(label.split(';').map((part) => part.trim()))];
    if (labelNames.includes('')) {
      rejected.push({
        file: where(line),
        reason: `empty label in '${label}' (labels are ';'-separated)`,
      });
      continue;
    }
    const unknown = allowed && labelNames.find((name) => !allowed.has(name));
    if (unknown) {
      rejected.push({ file: where(line), reason: `unknown label '${unknown}'` });
      continue;
    }
    const splitText = at(fields, 'split');
    const foldText = at(fields, 'fold');
    const split = splitText ? SPLIT_NAMES[splitText.toLowerCase()] : undefined;
    if (splitText && !split) {
      rejected.push({
        file: where(line),
        reason: `unknown split '${splitText}' (train, val or test)`,
      });
      continue;
    }
    const fold = foldText ? Number(foldText) : undefined;
    if (foldText && !Number.isInteger(fold)) {
      rejected.push({ file: where(line), reason: `fold '${foldText}' is not a whole number` });
      continue;
    }
    const id = at(fields, 'id') || `${audio}|${image}`;
    const first = seenIds.get(id);
    if (first !== undefined) {
      rejected.push({
        file: where(line),
        reason: `duplicate sample id '${id}' (first on line ${first})`,
      });
      continue;
    }
    seenIds.set(id, line);
    rows.push({ line, id, audio, image, labels: labelNames, split, fold });
  }

  const base = dirname(file);
  const within = (path: string) => (isAbsolute(path) ? path : resolve(base, path));
  const accepted: (ManifestRow & { sample: Omit<DatasetSample, 'label' | 'split'> })[] = [];
  rows.forEach((row, i) => {
    onProgress({ stage: 'validate', done: i + 1, total: rows.length });
    const check = checkFilePair(within(row.audio), within(row.image), sources, limits);
    if (!check.ok) {
      for (const r of check.rejected)
        rejected.push({ ...r, reason: `${r.reason} (${where(row.line)})` });
    } else
      accepted.push({
        ...row,
        sample: {
          id: row.id,
          audio: check.audio,
          image: check.image,
          durationSeconds: check.durationSeconds,
        },
      });
  });

  const classes = options.classes ?? sortLabels(accepted.flatMap((row) => row.labels));
  const labelSets = accepted.map((row) =>
    row.labels.map((name) => classes.indexOf(name)).sort((a, b) => a - b),
  );
  const multiLabel = labelSets.some((set) => set.length > 1);
  // Splits are stratified by each row's first class.
  const labels = labelSets.map((set) => set[0]!);
  const seed = options.seed ?? DEFAULT_SEED;
  const valFraction = options.valFraction ?? DEFAULT_VAL_FRACTION;
  const splits = assignSplits(file, accepted, labels, options, seed, valFraction);
  return {
    name: options.name ?? basename(file).replace(/\.csv$/i, ''),
    classes,
    samples: accepted.map((row, i) => ({
      ...row.sample,
      label: labels[i]!,
      ...(multiLabel ? { labels: labelSets[i]! } : {}),
      split: splits[i]!,
    })),
    ...(multiLabel ? { task: 'multi-label' as const } : {}),
    rejected,
    options: { file, seed, valFraction, testFold: options.testFold, classes: options.classes },
  };
}

type AcceptedRow = ManifestRow & { sample: Pick<DatasetSample, 'audio' | 'image'> };

/**
 * Splits by whole groups of rows that share an audio or image file. Declared splits (a `split`
 * column, or folds) are kept, and a row without one follows its group; a group whose rows
 * declare different splits is refused, since it would put one file in two splits.
 */
function assignSplits(
  file: string,
  rows: AcceptedRow[],
  labels: number[],
  options: ManifestImportOptions,
  seed: number,
  valFraction: number,
): Split[] {
  const groups = groupBySource(rows.map((row) => row.sample));
  const hasFolds = rows.some((row) => row.fold !== undefined);
  const hasSplits = rows.some((row) => row.split !== undefined);
  if (!hasFolds && !hasSplits) {
    return groupedSplits(
      labels,
      groups,
      { val: valFraction, test: options.testFraction ?? DEFAULT_TEST_FRACTION },
      seed,
    );
  }
  const testFold =
    options.testFold ?? Math.max(...rows.map((row) => row.fold ?? Number.NEGATIVE_INFINITY));
  const declared = rows.map(
    (row): Split | undefined =>
      row.split ?? (row.fold === undefined ? undefined : row.fold === testFold ? 'test' : 'train'),
  );
  const groupSplit = new Map<number, Split>();
  const conflicting = new Set<number>();
  rows.forEach((_, i) => {
    const split = declared[i];
    if (split === undefined) return;
    const group = groups[i]!;
    const seen = groupSplit.get(group);
    if (seen === undefined) groupSplit.set(group, split);
    else if (seen !== split) conflicting.add(group);
  });
  if (conflicting.size > 0) throw splitConflictError(file, rows, groups, declared, conflicting);
  const splits = rows.map((_, i): Split => groupSplit.get(groups[i]!) ?? 'train');
  if (splits.includes('val')) return splits;
  return carveValidation(splits, labels, groups, valFraction, seed);
}

/** Names, for each conflicting group, the shared files and the lines with their splits. */
function splitConflictError(
  file: string,
  rows: AcceptedRow[],
  groups: Int32Array,
  declared: (Split | undefined)[],
  conflicting: Set<number>,
): DecodeError {
  const details: string[] = [];
  for (const group of conflicting) {
    const members = rows.flatMap((row, i) => (groups[i] === group ? [{ row, i }] : []));
    const users = new Map<string, string[]>();
    for (const { row, i } of members) {
      for (const key of new Set([sourceKey(row.sample.audio), sourceKey(row.sample.image)])) {
        const list = users.get(key) ?? [];
        list.push(`line ${row.line} (${declared[i] ?? 'no split'})`);
        users.set(key, list);
      }
    }
    const shared = [...users].filter(([, lines]) => lines.length > 1);
    details.push(
      shared.map(([key, lines]) => `${sourceName(key)} is used by ${lines.join(', ')}`).join('; '),
    );
  }
  const shown = details.slice(0, 5).join('; ');
  const more = details.length > 5 ? `; and ${details.length - 5} more group(s)` : '';
  return new DecodeError(
    file,
    `the declared splits put one file in two splits (train/val/test must not share an audio or` +
      ` image file): ${shown}${more}`,
  );
}
