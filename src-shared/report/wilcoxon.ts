/**
 * Wilcoxon signed-rank test, exact and two-sided, for the few seeds a table cell has.
 *
 * Zeros are dropped (scipy's `zero_method='wilcox'`). Tied |d| get mid-ranks and the null
 * distribution is the exact one of those mid-ranks under random signs (counted by dynamic
 * programming over doubled, hence integer, ranks): with accuracy differences ties are common, and
 * the classic table assumes there are none. Without ties this equals scipy's `method='exact'`.
 */
export function wilcoxonSignedRankP(differences: readonly number[]): number | null {
  const nonzero = differences.filter((d) => d !== 0);
  if (nonzero.length === 0) return differences.length > 0 ? 1 : null;
  const doubledRanks = midRanksDoubled(nonzero.map(Math.abs));
  const observed = nonzero.reduce((sum, d, i) => (d > 0 ? sum + doubledRanks[i]! : sum), 0);
  const total = doubledRanks.reduce((a, b) => a + b, 0);
  // ways[s]: sign assignments whose positive doubled-rank sum is s.
  let ways = new Array<number>(total + 1).fill(0);
  ways[0] = 1;
  for (const r of doubledRanks) {
    const next = ways.slice();
    for (let s = 0; s + r <= total; s++) if (ways[s]) next[s + r]! += ways[s]!;
    ways = next;
  }
  const count = 2 ** nonzero.length;
  let atMost = 0;
  let atLeast = 0;
  for (let s = 0; s <= total; s++) {
    if (s <= observed) atMost += ways[s]!;
    if (s >= observed) atLeast += ways[s]!;
  }
  return Math.min(1, (2 * Math.min(atMost, atLeast)) / count);
}

/** 2 × the average rank of each value (ranks from 1, ties share their mean rank). */
function midRanksDoubled(values: readonly number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const ranks = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]![0] === order[start]![0]) end++;
    // Positions start..end (0-based) hold ranks start+1..end+1; doubled mean = start + end + 2.
    for (let k = start; k <= end; k++) ranks[order[k]![1]] = start + end + 2;
    start = end + 1;
  }
  return ranks;
}
