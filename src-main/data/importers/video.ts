import { createHash } from 'node:crypto';
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, resolve } from 'node:path';
import {
  type DataProgress,
  type DatasetSample,
  DEFAULT_FEATURE_SETTINGS,
  type RejectedFile,
  type Split,
  type VideoImportOptions,
} from '@shared/domain/dataset';
import { DecodeError } from '../decode-error';
import { sourceLimits } from '../source-limits';
import { AUDIO_FILE, type ExtractionSettings } from '../video/extract-clip';
import { extractClips } from '../video/extract-clips';
import type { VideoTools } from '../video/video-tools';
import { readImportText } from './csv-file';
import {
  type DatasetDraft,
  DEFAULT_SEED,
  DEFAULT_TEST_FRACTION,
  DEFAULT_VAL_FRACTION,
  sortLabels,
} from './draft';
import { carveValidation, groupedSplits } from './splits';
import {
  type ParsedVideoLabels,
  parseAudioset,
  parseClassIndex,
  parseVggsound,
  parseVideoManifest,
  type VideoLabelRow,
} from './video-labels';

export const DEFAULT_VIDEO_FRAMES = 10;
/** Frames are kept at least this big on their short side (CAV-MAE's 224), never enlarged. */
const MIN_FRAME_SHORT_SIDE = 224;
const VIDEO_EXTENSIONS = new Set([
  '.mp4',
  '.m4v',
  '.mkv',
  '.webm',
  '.avi',
  '.mov',
  '.flv',
  '.mpg',
  '.mpeg',
  '.ogv',
  '.3gp',
  '.ts',
]);

/** Where the video importer extracts to, and with which programs. */
export interface VideoImportContext {
  tools: VideoTools;
  /** Parent of the staging folders (the data directory's `datasets/`). */
  stagingRoot: string;
}

/**
 * A folder of video clips plus a label CSV (VGGSound, AudioSet or a plain manifest). Every clip
 * the CSV names is found, then extracted in parallel (audio track + k frames) into a staging
 * folder keyed by the inputs and settings — which a rerun reuses clip by clip — and the draft's
 * samples point there; the library moves the folder into the dataset (`draft.media`).
 * Splits are by whole YouTube ids (or video files): declared ones are kept, the rest seeded.
 */
export async function draftVideo(
  options: VideoImportOptions,
  onProgress: (progress: DataProgress) => void,
  context: VideoImportContext,
): Promise<DatasetDraft> {
  const csv = resolve(options.csv);
  const videos = resolve(options.videos);
  const limits = sourceLimits(options.limits, options.features);
  const parsed = parseLabels(options, csv, limits.maxFileBytes);
  const rejected: RejectedFile[] = [...parsed.rejected];
  onProgress({ stage: 'scan', done: 0, total: 1 });
  const index = indexVideos(videos);
  onProgress({ stage: 'scan', done: 1, total: 1 });

  const allowed = options.classes ? new Set(options.classes) : undefined;
  const found: (VideoLabelRow & { video: string })[] = [];
  for (const row of parsed.rows) {
    const where = `${basename(csv)}:${row.line}`;
    const labels = allowed ? row.labels.filter((label) => allowed.has(label)) : row.labels;
    if (labels.length === 0) {
      rejected.push({ file: where, reason: `no allowed label (has: ${row.labels.join('; ')})` });
      continue;
    }
    const video = locateVideo(row, index, videos, dirname(csv));
    if (!video) {
      const tried = row.path ?? `${row.stems.slice(0, 3).join(', ')}… with a video extension`;
      rejected.push({ file: where, reason: `video not found (${tried} under ${videos})` });
      continue;
    }
    // A manifest's clips are grouped by the file itself (a symlink is the same clip).
    const group = options.format === 'manifest' ? realPath(video) : row.group;
    found.push({ ...row, labels, video, group });
  }

  const sampleRate = options.features?.sampleRate ?? DEFAULT_FEATURE_SETTINGS.sampleRate;
  const imageSize = options.features?.imageSize ?? DEFAULT_FEATURE_SETTINGS.imageSize;
  const settings: ExtractionSettings = {
    sampleRate,
    frames: options.frames ?? DEFAULT_VIDEO_FRAMES,
    frameShortSide: Math.max(imageSize, MIN_FRAME_SHORT_SIDE),
    missingAudio: options.missingAudio ?? 'reject',
  };
  const stagingDir = join(
    context.stagingRoot,
    `.video-${stagingKey(csv, videos, options, settings)}`,
  );
  const outcome = await extractClips(
    found.map((row) => ({ id: row.id, video: row.video })),
    { tools: context.tools, stagingDir, settings, jobs: options.jobs, onProgress },
  );

  const accepted: {
    row: (typeof found)[number];
    sample: Omit<DatasetSample, 'label' | 'split'>;
  }[] = [];
  const noAudioTrack: string[] = [];
  const silent: string[] = [];
  found.forEach((row, i) => {
    const result = outcome.results[i]!;
    if ('error' in result) {
      rejected.push({
        file: result.error.file,
        reason: `${result.error.reason} (${basename(csv)}:${row.line})`,
      });
      return;
    }
    const { dir, clip } = result;
    if (clip.audioBytes > limits.maxFileBytes) {
      rejected.push({
        file: row.video,
        reason: `its audio track (${clip.audioSeconds.toFixed(0)} s) is over the import's file limit (--max-file-mb)`,
      });
      return;
    }
    if (!clip.hasAudio) noAudioTrack.push(row.id);
    if (clip.silent) silent.push(row.id);
    accepted.push({
      row,
      sample: {
        id: row.id,
        audio: { kind: 'file', path: join(dir, AUDIO_FILE), bytes: clip.audioBytes },
        image: {
          kind: 'frames',
          paths: clip.frameFiles.map((name) => join(dir, name)),
          bytes: clip.frameBytes,
        },
        durationSeconds: clip.audioSeconds,
        ...(clip.hasAudio ? {} : { audioMissing: true as const }),
      },
    });
  });

  const seen = new Set(accepted.flatMap(({ row }) => row.labels));
  const classes =
    options.classes ??
    (parsed.classOrder ? parsed.classOrder.filter((name) => seen.has(name)) : sortLabels(seen));
  const labelSets = accepted.map(({ row }) =>
    row.labels.map((name) => classes.indexOf(name)).sort((a, b) => a - b),
  );
  const seed = options.seed ?? DEFAULT_SEED;
  const valFraction = options.valFraction ?? DEFAULT_VAL_FRACTION;
  const { splits, conflicts } = assignVideoSplits(
    accepted.map(({ row }) => ({ group: row.group, split: row.split ?? options.split })),
    labelSets.map((labels) => labels[0]!),
    { val: valFraction, test: options.testFraction ?? DEFAULT_TEST_FRACTION },
    seed,
  );
  const samples: DatasetSample[] = [];
  const groupOf: string[] = [];
  accepted.forEach(({ row, sample }, i) => {
    if (conflicts.has(row.group)) {
      rejected.push({
        file: `${basename(csv)}:${row.line}`,
        reason: `clips of '${row.group}' are declared in different splits (${conflicts.get(row.group)}); a video's clips must stay in one split`,
      });
      return;
    }
    const labels = labelSets[i]!;
    groupOf.push(row.group);
    samples.push({
      ...sample,
      label: labels[0]!,
      ...(parsed.multiLabel ? { labels } : {}),
      split: splits[i]!,
    });
  });
  return {
    name: options.name ?? basename(csv).replace(/\.csv$/i, ''),
    classes,
    samples,
    rejected,
    task: parsed.multiLabel ? 'multi-label' : 'single-label',
    media: stagingDir,
    video: {
      format: options.format,
      frames: settings.frames,
      clips: found.length,
      extracted: outcome.extracted,
      reused: outcome.reused,
      jobs: outcome.jobs,
      extractSeconds: outcome.seconds,
      noAudioTrack,
      silent,
      tools: { ...context.tools },
      grouping: {
        by: options.format === 'manifest' ? 'file' : 'youtube-id',
        ...describeVideoGroups(groupOf, samples),
      },
    },
    options: {
      csv,
      videos,
      format: options.format,
      labels: options.labels && resolve(options.labels),
      frames: settings.frames,
      missingAudio: settings.missingAudio,
      split: options.split,
      seed,
      valFraction,
      classes: options.classes,
    },
  };
}

function parseLabels(
  options: VideoImportOptions,
  csv: string,
  maxBytes: number,
): ParsedVideoLabels {
  const text = readImportText(csv, maxBytes, 'label CSV');
  switch (options.format) {
    case 'vggsound':
      return parseVggsound(csv, text);
    case 'manifest':
      return parseVideoManifest(csv, text);
    case 'audioset': {
      if (!options.labels) {
        throw new DecodeError(
          csv,
          'the AudioSet format needs its class_labels_indices.csv (--labels) to name the mids',
        );
      }
      const labelsFile = resolve(options.labels);
      const classIndex = parseClassIndex(
        labelsFile,
        readImportText(labelsFile, maxBytes, 'class index'),
      );
      return parseAudioset(csv, text, classIndex);
    }
  }
}

/** Video files under the folder (two levels deep, as VGGSound's per-split folders), by stem. */
function indexVideos(root: string): Map<string, string> {
  const index = new Map<string, string>();
  const walk = (dir: string, depth: number) => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch (error) {
      if (depth === 0)
        throw new DecodeError(dir, `videos folder unreadable (${(error as Error).message})`);
      return;
    }
    for (const name of names) {
      if (name.startsWith('.')) continue;
      const path = join(dir, name);
      const ext = extname(name).toLowerCase();
      if (VIDEO_EXTENSIONS.has(ext)) {
        const stem = name.slice(0, -ext.length);
        if (!index.has(stem)) index.set(stem, path);
      } else if (depth < 2 && !ext) {
        try {
          if (statSync(path).isDirectory()) walk(path, depth + 1);
        } catch {
          // A dangling link: nothing to index.
        }
      }
    }
  };
  walk(root, 0);
  return index;
}

function locateVideo(
  row: VideoLabelRow,
  index: Map<string, string>,
  videos: string,
  csvDir: string,
): string | undefined {
  if (row.path) {
    const candidates = isAbsolute(row.path)
      ? [row.path]
      : [resolve(videos, row.path), resolve(csvDir, row.path)];
    return candidates.find((path) => existsSync(path) && statSync(path).isFile());
  }
  for (const stem of row.stems) {
    const path = index.get(stem);
    if (path) return path;
  }
  return undefined;
}

function realPath(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    return path;
  }
}

/** The staging folder's key: the same inputs and extraction settings reuse the same clips. */
function stagingKey(
  csv: string,
  videos: string,
  options: VideoImportOptions,
  settings: ExtractionSettings,
): string {
  const text = JSON.stringify([realPath(csv), realPath(videos), options.format, settings]);
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/**
 * Splits by whole groups (YouTube ids, or files). A group takes the split its clips declare;
 * clips declaring different splits for one group are reported in `conflicts` (group → splits)
 * and left out; groups without a declared split are split seeded and stratified, and val is
 * carved from train when nothing declares val.
 */
export function assignVideoSplits(
  rows: { group: string; split?: Split }[],
  labels: number[],
  fractions: { val: number; test: number },
  seed: number,
): { splits: Split[]; conflicts: Map<string, string> } {
  const groupIds = new Map<string, number>();
  const groups = Int32Array.from(rows, (row) => {
    let id = groupIds.get(row.group);
    if (id === undefined) {
      id = groupIds.size;
      groupIds.set(row.group, id);
    }
    return id;
  });
  const declared = new Map<string, Set<Split>>();
  for (const row of rows) {
    if (!row.split) continue;
    const set = declared.get(row.group) ?? new Set();
    set.add(row.split);
    declared.set(row.group, set);
  }
  const conflicts = new Map<string, string>();
  for (const [group, set] of declared) if (set.size > 1) conflicts.set(group, [...set].join(', '));
  if (declared.size === 0)
    return { splits: groupedSplits(labels, groups, fractions, seed), conflicts };
  const splits = rows.map((row): Split => {
    const set = declared.get(row.group);
    return set && set.size === 1 ? [...set][0]! : 'train';
  });
  if (splits.includes('val')) return { splits, conflicts };
  return { splits: carveValidation(splits, labels, groups, fractions.val, seed), conflicts };
}

/**
 * Groups of the imported clips, checked once more: every group in one split (the assignment
 * takes whole groups, so a failure here is a bug, not bad input).
 */
function describeVideoGroups(
  groupOf: string[],
  samples: DatasetSample[],
): { groups: number; largestGroup: number; clipsSharingGroup: number } {
  const members = new Map<string, { count: number; split: Split }>();
  groupOf.forEach((group, i) => {
    const split = samples[i]!.split;
    const seen = members.get(group);
    if (!seen) members.set(group, { count: 1, split });
    else if (seen.split !== split) {
      throw new Error(`video import: clips of '${group}' ended in ${seen.split} and ${split}`);
    } else seen.count++;
  });
  let largestGroup = 0;
  let clipsSharingGroup = 0;
  for (const { count } of members.values()) {
    largestGroup = Math.max(largestGroup, count);
    if (count > 1) clipsSharingGroup += count;
  }
  return { groups: members.size, largestGroup, clipsSharingGroup };
}
