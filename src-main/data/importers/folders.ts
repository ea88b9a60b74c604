import { readdirSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import type {
  DataProgress,
  FoldersImportOptions,
  RejectedFile,
  Split,
} from '@shared/domain/dataset';
import { DecodeError } from '../decode-error';
import { sourceLimits } from '../source-limits';
import type { SampleSources } from '../sources';
import {
  type DatasetDraft,
  DEFAULT_SEED,
  DEFAULT_TEST_FRACTION,
  DEFAULT_VAL_FRACTION,
  sortLabels,
} from './draft';
import { groupBySource, splitConflicts } from './source-groups';
import { carveValidation, groupedSplits } from './splits';
import { checkFilePair } from './validate-pair';

const AUDIO_EXTENSIONS = new Set(['.wav']);
const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg']);
const SPLIT_FOLDERS = new Set<string>(['train', 'val', 'test']);

interface FoundPair {
  id: string;
  label: string;
  split?: Split;
  audio?: string;
  images: string[];
}

const isDirectory = (path: string) => statSync(path).isDirectory();

/**
 * `root/<class>/<id>.wav` paired with `root/<class>/<id>.{png,jpg,jpeg}` by name; or the same
 * under `root/{train,val,test}/`, which then gives the splits. Otherwise splits are seeded and
 * stratified.
 */
export function draftFolders(
  options: FoldersImportOptions,
  onProgress: (progress: DataProgress) => void = () => {},
  sources?: SampleSources,
): DatasetDraft {
  const root = resolve(options.root);
  const limits = sourceLimits(options.limits, options.features);
  let top: string[];
  try {
    top = readdirSync(root)
      .filter((name) => !name.startsWith('.') && isDirectory(join(root, name)))
      .sort();
  } catch {
    throw new DecodeError(root, 'folder not found or unreadable');
  }
  const splitLayout = top.length > 0 && top.every((name) => SPLIT_FOLDERS.has(name));
  const classRoots = splitLayout
    ? top.flatMap((split) =>
        readdirSync(join(root, split))
          .filter((name) => !name.startsWith('.') && isDirectory(join(root, split, name)))
          .sort()
          .map((label) => ({ dir: join(root, split, label), label, split: split as Split })),
      )
    : top.map((label) => ({ dir: join(root, label), label, split: undefined }));
  if (classRoots.length === 0)
    throw new DecodeError(root, 'no class folders (expected root/<class>/<id>.wav)');

  const rejected: RejectedFile[] = [];
  // Keyed by class and name: `cat/001` and `dog/001` are different samples, but the same
  // `cat/001` under both train/ and test/ would leak, so the second is rejected as a duplicate.
  const pairs = new Map<string, FoundPair>();
  for (const { dir, label, split } of classRoots) {
    for (const name of readdirSync(dir).sort()) {
      if (name.startsWith('.')) continue;
      const path = join(dir, name);
      const extension = extname(name).toLowerCase();
      const id = name.slice(0, name.length - extension.length);
      if (!AUDIO_EXTENSIONS.has(extension) && !IMAGE_EXTENSIONS.has(extension)) {
        rejected.push({ file: path, reason: 'not a .wav, .png or .jpg file' });
        continue;
      }
      const key = `${label}/${id}`;
      const pair = pairs.get(key) ?? { id, label, split, images: [] };
      if (pair.split !== split) {
        rejected.push({
          file: path,
          reason: `duplicate sample id '${key}' (also in ${pair.split}/)`,
        });
        continue;
      }
      if (AUDIO_EXTENSIONS.has(extension)) pair.audio = path;
      else pair.images.push(path);
      pairs.set(key, pair);
    }
  }

  const accepted: {
    pair: FoundPair;
    check: Extract<ReturnType<typeof checkFilePair>, { ok: true }>;
  }[] = [];
  const list = [...pairs.values()];
  list.forEach((pair, i) => {
    onProgress({ stage: 'validate', done: i + 1, total: list.length });
    const [image, ...extraImages] = pair.images;
    if (!pair.audio || !image) {
      const present = pair.audio ?? image!;
      rejected.push({
        file: present,
        reason: `missing ${pair.audio ? 'image' : 'audio'} half of the pair '${pair.id}'`,
      });
      return;
    }
    if (extraImages.length) {
      rejected.push({
        file: pair.audio,
        reason: `duplicate sample id '${pair.label}/${pair.id}': ${pair.images.length} images share its name`,
      });
      return;
    }
    const check = checkFilePair(pair.audio, image, sources, limits);
    if (check.ok) accepted.push({ pair, check });
    else rejected.push(...check.rejected);
  });

  const classes = sortLabels(accepted.map(({ pair }) => pair.label));
  const labels = accepted.map(({ pair }) => classes.indexOf(pair.label));
  const seed = options.seed ?? DEFAULT_SEED;
  const valFraction = options.valFraction ?? DEFAULT_VAL_FRACTION;
  const refs = accepted.map(({ check }) => ({ audio: check.audio, image: check.image }));
  // Pairs are matched by name, so each file belongs to one pair; a file reached twice (through
  // a symlink) still forms one group, and split folders holding it twice are refused.
  const groups = groupBySource(refs);
  let splits: Split[];
  if (splitLayout) {
    const declared = accepted.map(({ pair }) => pair.split!);
    const sampleId = (row: number) => {
      const { pair } = accepted[row]!;
      return `${pair.split}/${pair.label}/${pair.id}`;
    };
    const conflicts = splitConflicts(refs.map((ref, i) => ({ ...ref, split: declared[i]! })));
    if (conflicts.length > 0) {
      const named = conflicts
        .slice(0, 5)
        .map((c) => `${c.source} is used by ${c.rows.map((r) => sampleId(r.row)).join(' and ')}`);
      throw new DecodeError(
        root,
        `the split folders put one file in two splits: ${named.join('; ')}` +
          (conflicts.length > 5 ? `; and ${conflicts.length - 5} more` : ''),
      );
    }
    // With split folders, val comes from train only when no val folder exists.
    splits = declared.includes('val')
      ? declared
      : carveValidation(declared, labels, groups, valFraction, seed);
  } else {
    splits = groupedSplits(
      labels,
      groups,
      { val: valFraction, test: options.testFraction ?? DEFAULT_TEST_FRACTION },
      seed,
    );
  }
  return {
    name: options.name ?? root.split(/[\\/]/).filter(Boolean).pop() ?? 'folders',
    classes,
    samples: accepted.map(({ pair, check }, i) => ({
      id: pair.split ? `${pair.split}/${pair.label}/${pair.id}` : `${pair.label}/${pair.id}`,
      label: labels[i]!,
      split: splits[i]!,
      audio: check.audio,
      image: check.image,
      durationSeconds: check.durationSeconds,
    })),
    rejected,
    options: { root, seed, valFraction, splitFolders: splitLayout },
  };
}
