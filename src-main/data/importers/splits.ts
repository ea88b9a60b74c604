import type { Split } from '@shared/domain/dataset';
import { SeededRandom } from '../random';

/** What a split column may say (any case) for each split. */
export const SPLIT_NAMES: Readonly<Record<string, Split>> = {
  train: 'train',
  val: 'val',
  valid: 'val',
  validation: 'val',
  dev: 'val',
  test: 'test',
};

/**
 * Seeded, stratified split by whole groups (rows sharing an audio or image source, see
 * source-groups.ts): within each class, shuffled groups go to test until `testFraction` of the
 * class's rows are taken, then to val likewise; the rest is train. A class with ≥ 3 groups gets
 * at least one test and one val group when the fraction is > 0, and always keeps a train group.
 * A group is filed under the label of its first row. With one row per group this is exactly the
 * row-wise stratified split.
 */
export function groupedSplits(
  labels: readonly number[],
  groups: ArrayLike<number>,
  fractions: { val: number; test: number },
  seed: number,
): Split[] {
  const splits: Split[] = labels.map(() => 'train');
  const members = membersByGroup(groups);
  const random = new SeededRandom(seed);
  for (const classGroups of groupsByClass(labels, members)) {
    const order = random.shuffle(classGroups);
    const rows = order.reduce((sum, g) => sum + members.get(g)!.length, 0);
    const target = (fraction: number) =>
      fraction > 0 && order.length >= 3 ? Math.max(1, Math.round(rows * fraction)) : 0;
    let next = 0;
    for (const [split, fraction] of [
      ['test', fractions.test],
      ['val', fractions.val],
    ] as const) {
      const wanted = target(fraction);
      let taken = 0;
      // Never take the last group: train keeps at least one.
      while (taken < wanted && next < order.length - 1) {
        const rowsOfGroup = members.get(order[next++]!)!;
        for (const row of rowsOfGroup) splits[row] = split;
        taken += rowsOfGroup.length;
      }
    }
  }
  return splits;
}

/** Row-wise stratified split: every row its own group. */
export function stratifiedSplits(
  labels: readonly number[],
  fractions: { val: number; test: number },
  seed: number,
): Split[] {
  return groupedSplits(
    labels,
    labels.map((_, i) => i),
    fractions,
    seed,
  );
}

/**
 * Moves a seeded, per-class share of the train rows to val, by whole groups, when the source
 * declares train and test but no val. Returns the new splits (the input is not changed).
 */
export function carveValidation(
  splits: readonly Split[],
  labels: readonly number[],
  groups: ArrayLike<number>,
  fraction: number,
  seed: number,
): Split[] {
  const out = [...splits];
  if (fraction <= 0) return out;
  const trainRows = splits.flatMap((split, row) => (split === 'train' ? [row] : []));
  const carved = groupedSplits(
    trainRows.map((row) => labels[row]!),
    trainRows.map((row) => groups[row]!),
    { val: fraction, test: 0 },
    seed,
  );
  trainRows.forEach((row, i) => {
    out[row] = carved[i]!;
  });
  return out;
}

function membersByGroup(groups: ArrayLike<number>): Map<number, number[]> {
  const members = new Map<number, number[]>();
  for (let row = 0; row < groups.length; row++) {
    const list = members.get(groups[row]!) ?? [];
    list.push(row);
    members.set(groups[row]!, list);
  }
  return members;
}

/** Group ids per class (by each group's first row), classes in ascending order. */
function groupsByClass(labels: readonly number[], members: Map<number, number[]>): number[][] {
  const byClass = new Map<number, number[]>();
  for (const [group, rows] of members) {
    const label = labels[rows[0]!]!;
    const list = byClass.get(label) ?? [];
    list.push(group);
    byClass.set(label, list);
  }
  return [...byClass.keys()].sort((a, b) => a - b).map((label) => byClass.get(label)!);
}
