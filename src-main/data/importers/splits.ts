import type { Split } from '@shared/domain/dataset';
import { SeededRandom } from '../random';

/**
 * Seeded, stratified split: within each class, a shuffled `testFraction` goes to test and
 * `valFraction` to val (at least one each when the class has ≥ 3 samples and the fraction is > 0).
 */
export function stratifiedSplits(
  labels: readonly number[],
  fractions: { val: number; test: number },
  seed: number,
): Split[] {
  const random = new SeededRandom(seed);
  const splits: Split[] = labels.map(() => 'train');
  const byClass = new Map<number, number[]>();
  labels.forEach((label, i) => {
    const members = byClass.get(label) ?? [];
    members.push(i);
    byClass.set(label, members);
  });
  for (const label of [...byClass.keys()].sort((a, b) => a - b)) {
    const members = random.shuffle(byClass.get(label)!);
    const share = (fraction: number) =>
      fraction > 0 && members.length >= 3 ? Math.max(1, Math.round(members.length * fraction)) : 0;
    const test = share(fractions.test);
    const val = share(fractions.val);
    members.forEach((sample, rank) => {
      splits[sample] = rank < test ? 'test' : rank < test + val ? 'val' : 'train';
    });
  }
  return splits;
}

/**
 * Moves a seeded share of train groups (e.g. FSDD clips, so that all pairs of a clip move
 * together) to val.
 */
export function carveValidation(
  groups: readonly string[],
  fraction: number,
  seed: number,
): Set<string> {
  if (fraction <= 0) return new Set();
  const unique = [...new Set(groups)].sort();
  const shuffled = new SeededRandom(seed).shuffle(unique);
  return new Set(shuffled.slice(0, Math.round(unique.length * fraction)));
}
