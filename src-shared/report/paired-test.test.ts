import { describe, expect, it } from 'vitest';
import { pairedDifference, significanceMark } from './paired-test';

/*
 * From scipy 1.17: d = np.array(a) - np.array(b); r = stats.ttest_1samp(d, 0)
 *   r.pvalue, r.confidence_interval(0.95)
 * five pairs d = [0.05, 0.02, 0.08, -0.01, 0.04]: p 0.07478641854987093,
 *   CI (-0.005739122144721179, 0.07773912214472119)
 * two pairs d = [0.1, -0.02]: p 0.6256659163780025, CI (-0.7223722841704817, 0.8023722841704818)
 */
describe('pairedDifference', () => {
  it('matches scipy’s one-sample t-test on the differences (n = 5, no Wilcoxon)', () => {
    const base = [0.5, 0.6, 0.7, 0.8, 0.9];
    const method = base.map((b, i) => b + [0.05, 0.02, 0.08, -0.01, 0.04][i]!);
    const r = pairedDifference(method, base);
    expect(r.n).toBe(5);
    expect(r.mean).toBeCloseTo(0.036, 12);
    expect(r.pT).toBeCloseTo(0.07478641854987093, 10);
    expect(r.ciLow).toBeCloseTo(-0.005739122144721179, 10);
    expect(r.ciHigh).toBeCloseTo(0.07773912214472119, 10);
    expect(r.pWilcoxon).toBeNull();
  });

  it('matches scipy with two pairs', () => {
    const r = pairedDifference([0.6, 0.48], [0.5, 0.5]);
    expect(r.pT).toBeCloseTo(0.6256659163780025, 10);
    expect(r.ciLow).toBeCloseTo(-0.7223722841704817, 10);
    expect(r.ciHigh).toBeCloseTo(0.8023722841704818, 10);
  });

  it('adds the exact Wilcoxon p from six pairs on', () => {
    const r = pairedDifference([0.6, 0.7, 0.8, 0.9, 1.0, 1.1], [0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
    expect(r.pWilcoxon).toBeCloseTo(0.03125, 12);
  });

  it('has no spread, interval or test for one pair', () => {
    const r = pairedDifference([0.8], [0.7]);
    expect(r).toMatchObject({ n: 1, std: null, ciLow: null, ciHigh: null, pT: null });
    expect(r.mean).toBeCloseTo(0.1, 12);
  });

  it('marks p below 0.05 and 0.01', () => {
    expect(significanceMark(0.2)).toBe('');
    expect(significanceMark(0.03)).toBe('*');
    expect(significanceMark(0.009)).toBe('**');
    expect(significanceMark(null)).toBe('');
  });
});
