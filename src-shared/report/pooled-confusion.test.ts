import { describe, expect, it } from 'vitest';
import { buildPooledConfusions } from './pooled-confusion';
import { fakeEvaluation, fakeRun } from './testing';

const withConfusion = (runId: number, confusion: number[][]) => ({
  ...fakeEvaluation(runId, 'noisy_audio', 0.5),
  confusion,
});

describe('buildPooledConfusions', () => {
  const runs = [
    fakeRun(1, 'backbone', 'ft', 'complete', 0),
    fakeRun(2, 'backbone', 'ft', 'complete', 1),
    fakeRun(3, 'adapt', 'pl', 'noisy_audio', 0),
  ];
  const pooled = buildPooledConfusions(runs, [
    withConfusion(1, [
      [3, 1],
      [2, 4],
    ]),
    withConfusion(2, [
      [5, 0],
      [1, 0],
    ]),
    withConfusion(3, [
      [1, 1],
      [0, 2],
    ]),
    // Off its own case: not in the table, so not pooled either.
    { ...withConfusion(3, [[9]]), case: 'complete' as const },
  ]);

  it('sums the seeds’ matrices per table cell', () => {
    expect(pooled.map((p) => [p.column, p.n])).toEqual([
      ['ft_backbone', 2],
      ['pl', 1],
    ]);
    expect(pooled[0]!.matrix).toEqual([
      [8, 1],
      [3, 4],
    ]);
  });

  it('gives per-class accuracy of the pooled counts', () => {
    // class 0: 8 / 9; class 1: 4 / 7 (not the mean of 4/6 and 0/1)
    expect(pooled[0]!.perClassAccuracy[0]).toBeCloseTo(8 / 9, 12);
    expect(pooled[0]!.perClassAccuracy[1]).toBeCloseTo(4 / 7, 12);
    expect(pooled[1]!.perClassAccuracy).toEqual([0.5, 1]);
  });
});
