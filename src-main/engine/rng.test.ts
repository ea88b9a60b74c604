import { describe, expect, it } from 'vitest';
import { mixSeed, Rng } from './rng';

describe('Rng', () => {
  it('repeats from a seed and resumes from a saved state', () => {
    const a = new Rng(7);
    const b = new Rng(7);
    const first = Array.from({ length: 5 }, () => a.uniform());
    expect(Array.from({ length: 5 }, () => b.uniform())).toEqual(first);
    const state = a.state();
    const next = Array.from({ length: 5 }, () => a.normal());
    const resumed = new Rng(state);
    expect(Array.from({ length: 5 }, () => resumed.normal())).toEqual(next);
    expect(new Rng(8).uniform()).not.toBe(first[0]);
  });

  it('draws uniform values in [0, 1) with the right mean, and permutations of 0..n-1', () => {
    const r = new Rng(1);
    const xs = Array.from({ length: 20000 }, () => r.uniform());
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(xs.reduce((s, x) => s + x, 0) / xs.length).toBeCloseTo(0.5, 1);
    expect([...r.permutation(50)].sort((x, y) => x - y)).toEqual([...Array(50).keys()]);
    expect(mixSeed(1, 2)).not.toBe(mixSeed(2, 1));
  });
});
