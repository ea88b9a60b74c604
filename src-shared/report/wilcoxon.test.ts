import { describe, expect, it } from 'vitest';
import { wilcoxonSignedRankP } from './wilcoxon';

/*
 * From scipy 1.17 (numpy as np, from scipy import stats):
 *   stats.wilcoxon(d, method='exact').pvalue                       (no ties, no zeros)
 *   stats.wilcoxon(d, zero_method='wilcox',
 *                  method=stats.PermutationMethod(n_resamples=np.inf)).pvalue   (ties, a zero)
 */
describe('wilcoxonSignedRankP', () => {
  it('matches scipy exact without ties', () => {
    expect(wilcoxonSignedRankP([0.05, 0.021, 0.08, -0.013, 0.04, 0.033])).toBeCloseTo(0.0625, 12);
    expect(wilcoxonSignedRankP([0.05, 0.021, 0.08, -0.013, 0.04, 0.033, -0.07, 0.011])).toBeCloseTo(
      0.25,
      12,
    );
    expect(wilcoxonSignedRankP([0.1, 0.2, 0.3, 0.4, 0.5, 0.6])).toBeCloseTo(0.03125, 12);
  });

  it('matches scipy’s exact permutation distribution with ties and a zero', () => {
    expect(wilcoxonSignedRankP([0.02, 0.02, -0.01, 0.03, 0, 0.05, -0.02])).toBeCloseTo(0.25, 12);
  });

  it('gives 1 when every difference is zero and null without data', () => {
    expect(wilcoxonSignedRankP([0, 0, 0, 0, 0, 0])).toBe(1);
    expect(wilcoxonSignedRankP([])).toBeNull();
  });
});
