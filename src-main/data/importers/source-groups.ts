import { realpathSync } from 'node:fs';
import type {
  AudioRef,
  DatasetSample,
  ImageRef,
  SourceGrouping,
  Split,
} from '@shared/domain/dataset';

/**
 * Rows that share an audio or an image source must land in the same split, or a model is
 * tested on a clip (or picture) it trained on. These helpers find those groups: the connected
 * components of the graph "row — its audio source — its image source".
 */

type Sourced = Pick<DatasetSample, 'audio' | 'image'>;

/** One name per source: the real path of a file (so a symlink is the same file), an IDX image. */
export function sourceKey(ref: AudioRef | ImageRef): string {
  switch (ref.kind) {
    case 'file':
      return `file:${realPath(ref.path)}`;
    case 'idx':
      return `idx:${realPath(ref.path)}#${ref.index}`;
    case 'generated':
      return `generated:${ref.generator}:${ref.seed}`;
    case 'frames':
      // Every clip's frames are extracted into their own folder: its first frame names it.
      return `frames:${realPath(ref.paths[0]!)}`;
  }
}

function realPath(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    return path;
  }
}

/** Human-readable name of a source key, for messages. */
export function sourceName(key: string): string {
  return key.replace(/^(file|idx|generated|frames):/, '');
}

/**
 * Group id of every row, numbered 0.. in order of each group's first row (so the numbering is
 * stable for a given row order). Union-find over the rows' source keys.
 */
export function groupBySource(rows: readonly Sourced[]): Int32Array {
  const parent = rows.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const owner = new Map<string, number>();
  rows.forEach((row, i) => {
    for (const key of [sourceKey(row.audio), sourceKey(row.image)]) {
      const first = owner.get(key);
      if (first === undefined) owner.set(key, i);
      else {
        const [a, b] = [find(first), find(i)];
        // The smaller root wins, so the root is the group's first row.
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
  });
  const ids = new Map<number, number>();
  const groups = new Int32Array(rows.length);
  rows.forEach((_, i) => {
    const root = find(i);
    let id = ids.get(root);
    if (id === undefined) {
      id = ids.size;
      ids.set(root, id);
    }
    groups[i] = id;
  });
  return groups;
}

/** A source that rows put in more than one split. */
export interface SplitConflict {
  source: string;
  /** Row indices (into the list given) that use the source, with their splits. */
  rows: { row: number; split: Split }[];
}

/** Every source used by rows of different splits (empty when the splits are disjoint). */
export function splitConflicts(rows: readonly (Sourced & { split: Split })[]): SplitConflict[] {
  const users = new Map<string, { row: number; split: Split }[]>();
  rows.forEach((row, i) => {
    for (const key of new Set([sourceKey(row.audio), sourceKey(row.image)])) {
      const list = users.get(key) ?? [];
      list.push({ row: i, split: row.split });
      users.set(key, list);
    }
  });
  const conflicts: SplitConflict[] = [];
  for (const [key, list] of users) {
    if (new Set(list.map((u) => u.split)).size > 1) {
      conflicts.push({ source: sourceName(key), rows: list });
    }
  }
  return conflicts;
}

/**
 * The grouping for the import report. Refuses (as an importer bug) splits that share a source:
 * every importer assigns splits by whole groups, so this is the last guard, not the mechanism.
 */
export function describeGrouping(rows: readonly (Sourced & { split: Split })[]): SourceGrouping {
  const conflicts = splitConflicts(rows);
  if (conflicts.length > 0) {
    const first = conflicts[0]!;
    throw new Error(
      `splits are not disjoint by source: ${first.source} is in ` +
        `${[...new Set(first.rows.map((r) => r.split))].join(' and ')}` +
        ` (${conflicts.length} file(s) in all); the importer must assign whole groups`,
    );
  }
  const groups = groupBySource(rows);
  const sizes = new Map<number, number>();
  for (const g of groups) sizes.set(g, (sizes.get(g) ?? 0) + 1);
  let rowsSharingSource = 0;
  for (const g of groups) if (sizes.get(g)! > 1) rowsSharingSource++;
  let largestGroup = 0;
  for (const size of sizes.values()) largestGroup = Math.max(largestGroup, size);
  return {
    groups: sizes.size,
    largestGroup,
    rowsSharingSource,
    disjointSplits: true,
  };
}
