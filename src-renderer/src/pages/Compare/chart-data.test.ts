import { buildResultsTable } from '@shared/report/results-table';
import { fakeEvaluation, fakeRun } from '@shared/report/testing';
import { describe, expect, it } from 'vitest';
import { chanceLine, missingRateTraces } from './chart-data';

describe('compare charts', () => {
  it('draws accuracy against η only when there are several missing rates', () => {
    const backbone = fakeRun(1, 'backbone', 'ft', 'complete', 0);
    const one = buildResultsTable([backbone], [fakeEvaluation(1, 'noisy_audio', 0.5)]);
    expect(missingRateTraces(one)).toEqual([]);
    const sweep = buildResultsTable(
      [backbone],
      [
        { ...fakeEvaluation(1, 'noisy_audio', 0.5), missingRate: 1 },
        { ...fakeEvaluation(1, 'noisy_audio', 0.8), missingRate: 0.5 },
      ],
    );
    const traces = missingRateTraces(sweep);
    expect(traces).toHaveLength(1);
    expect(traces[0]!.x).toEqual([0.5, 1]);
    expect(traces[0]!.y).toEqual([0.8, 0.5]);
  });
});

describe('chance line', () => {
  it('sits at 1 / number of classes and says so', () => {
    const { shapes, annotations } = chanceLine(10);
    expect(shapes).toEqual([
      expect.objectContaining({ y0: 0.1, y1: 0.1, xref: 'paper', x0: 0, x1: 1 }),
    ]);
    expect(annotations).toEqual([expect.objectContaining({ text: 'chance (1/10 = 0.100)' })]);
  });
});
