import { meanStd } from './stats';
import { studentTCdf, studentTQuantile } from './student-t';
import { wilcoxonSignedRankP } from './wilcoxon';

/** Below this many pairs the exact Wilcoxon test cannot reach p < 0.05 (n = 5 gives 0.0625). */
export const WILCOXON_MIN_PAIRS = 6;

export interface PairedDifference {
  /** Number of pairs (seeds present on both sides). */
  n: number;
  /** Mean of (method − baseline) over the pairs. */
  mean: number;
  /** Sample std of the differences; null for a single pair. */
  std: number | null;
  /** 95 % Student t interval of the mean difference; null for a single pair. */
  ciLow: number | null;
  ciHigh: number | null;
  /** Two-sided paired t-test p-value; null for a single pair. */
  pT: number | null;
  /** Exact two-sided Wilcoxon signed-rank p-value; null below WILCOXON_MIN_PAIRS pairs. */
  pWilcoxon: number | null;
}

/** Paired difference of `a` over `b`, index i of both from the same seed. */
export function pairedDifference(a: readonly number[], b: readonly number[]): PairedDifference {
  if (a.length !== b.length) throw new Error('paired samples must have the same length');
  const d = a.map((x, i) => x - b[i]!);
  const n = d.length;
  const { mean, std } = meanStd(d);
  const pWilcoxon = n >= WILCOXON_MIN_PAIRS ? wilcoxonSignedRankP(d) : null;
  if (n < 2) return { n, mean, std: null, ciLow: null, ciHigh: null, pT: null, pWilcoxon };
  const se = std / Math.sqrt(n);
  const half = studentTQuantile(0.975, n - 1) * se;
  // Identical differences on every seed: no spread, so the test is decided by the sign alone.
  const pT = se === 0 ? (mean === 0 ? 1 : 0) : 2 * studentTCdf(-Math.abs(mean / se), n - 1);
  return { n, mean, std, ciLow: mean - half, ciHigh: mean + half, pT, pWilcoxon };
}

/** The marks a table puts on a cell, from the paired t-test. */
export function significanceMark(p: number | null): '' | '*' | '**' {
  if (p === null) return '';
  return p < 0.01 ? '**' : p < 0.05 ? '*' : '';
}

export const SIGNIFICANCE_LEGEND =
  '* p < 0.05, ** p < 0.01 (two-sided paired t-test over seeds against the row’s FT baseline)';
