import { describe, expect, it } from 'vitest';
import { regularizedIncompleteBeta, studentTCdf, studentTQuantile } from './student-t';

/*
 * Reference values from scipy 1.17:
 *   from scipy import stats; from scipy.special import betainc
 *   stats.t.cdf(t, df); stats.t.ppf(p, df); betainc(a, b, x)
 */
describe('Student t', () => {
  it('regularised incomplete beta matches scipy betainc', () => {
    expect(regularizedIncompleteBeta(0.3, 2, 3)).toBeCloseTo(0.34829999999999994, 12);
    expect(regularizedIncompleteBeta(0.9, 0.5, 0.5)).toBeCloseTo(0.7951672353008665, 12);
    expect(regularizedIncompleteBeta(0.05, 5, 1.5) / 8.28130287660239e-7).toBeCloseTo(1, 9);
  });

  it('CDF matches scipy stats.t.cdf', () => {
    expect(studentTCdf(0.5, 1)).toBeCloseTo(0.6475836176504333, 12);
    expect(studentTCdf(2.0, 3)).toBeCloseTo(0.9303370157205785, 12);
    expect(studentTCdf(-1.3, 5)).toBeCloseTo(0.12515031708533855, 12);
    expect(studentTCdf(2.5, 10)).toBeCloseTo(0.9842765778816955, 12);
    expect(studentTCdf(0, 4)).toBe(0.5);
  });

  it('quantile matches scipy stats.t.ppf', () => {
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.706204736174694, 9);
    expect(studentTQuantile(0.975, 2)).toBeCloseTo(4.302652729749462, 10);
    expect(studentTQuantile(0.975, 4)).toBeCloseTo(2.7764451051977934, 10);
    expect(studentTQuantile(0.975, 9)).toBeCloseTo(2.262157162798205, 10);
    expect(studentTQuantile(0.95, 30)).toBeCloseTo(1.697260886593957, 10);
    expect(studentTQuantile(0.6, 3)).toBeCloseTo(0.2766706623326898, 10);
    expect(studentTQuantile(0.025, 4)).toBeCloseTo(-2.7764451051977934, 10);
  });
});
