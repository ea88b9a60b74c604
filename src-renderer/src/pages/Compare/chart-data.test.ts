import type { EfficiencyRecord } from '@shared/domain/records';
import { buildResultsTable } from '@shared/report/results-table';
import { fakeEvaluation, fakeRun } from '@shared/report/testing';
import { describe, expect, it } from 'vitest';
import { chanceLine, efficiencyByMethod, missingRateTraces } from './chart-data';

const eff = (runId: number, trainable: number, seconds: number): EfficiencyRecord => ({
  runId,
  backend: 'wasm',
  totalParams: 1000,
  trainableParams: trainable,
  peakTensorBytes: 10,
  peakRssBytes: 20,
  secondsPerEpoch: seconds,
  trainSamplesPerSec: 100,
});

describe('compare charts', () => {
  it('averages efficiency per kind of model, keeping the backbone apart from FT on a case', () => {
    const runs = [
      fakeRun(1, 'backbone', 'ft', 'complete', 0),
      fakeRun(2, 'adapt', 'ft', 'noisy_audio', 0),
      fakeRun(3, 'adapt', 'pl', 'noisy_audio', 0),
      fakeRun(4, 'adapt', 'pl', 'noisy_audio', 1),
    ];
    const rows = efficiencyByMethod(runs, [
      eff(1, 1000, 4),
      eff(2, 1000, 3),
      eff(3, 10, 1),
      eff(4, 10, 2),
    ]);
    expect(rows.map((r) => [r.label, r.runs, r.trainableParams])).toEqual([
      ['FT (backbone)', 1, 1000],
      ['FT on case', 1, 1000],
      ['PL', 2, 10],
    ]);
    expect(rows[2]!.secondsPerEpoch.mean).toBe(1.5);
    expect(rows[2]!.secondsPerEpoch.std).toBeCloseTo(Math.SQRT1_2, 10);
  });

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
