import { describe, expect, it } from 'vitest';
import type { EfficiencyRecord } from '../domain/records';
import { buildEfficiencyTable, formatEfficiencyTable } from './efficiency-table';
import { fakeRun as run } from './testing';

const record = (
  runId: number,
  trainable: number,
  seconds: number,
  tensors: number,
): EfficiencyRecord => ({
  runId,
  backend: 'wasm',
  totalParams: 1000,
  trainableParams: trainable,
  peakTensorBytes: tensors,
  peakRssBytes: 2 * tensors,
  secondsPerEpoch: seconds,
  trainSamplesPerSec: 100 / seconds,
});

const runs = [
  run(1, 'backbone', 'ft', 'complete', 0),
  run(2, 'adapt', 'pl', 'noisy_audio', 0),
  run(3, 'adapt', 'pl', 'noisy_visual', 0),
];
const rows = buildEfficiencyTable(runs, [
  record(1, 1000, 10, 4 * 2 ** 20),
  record(2, 10, 2, 2 ** 20),
  record(3, 10, 4, 3 * 2 ** 20),
]);

describe('buildEfficiencyTable', () => {
  it('averages each model kind over its runs, backbone first, with ratios to FT', () => {
    expect(rows.map((r) => [r.key, r.runs])).toEqual([
      ['ft_backbone', 1],
      ['pl', 2],
    ]);
    expect(rows[1]).toMatchObject({
      trainableParams: 10,
      secondsPerEpoch: 3,
      secondsPerEpochVsFt: 0.3,
      peakTensorBytesVsFt: 0.5,
    });
    expect(rows[0]!.secondsPerEpochVsFt).toBeNull();
  });

  it('keeps the backbone apart from FT on a case, with the spread of time per epoch', () => {
    const table = buildEfficiencyTable(
      [...runs, run(4, 'adapt', 'ft', 'noisy_audio', 0)],
      [record(1, 1000, 10, 1), record(4, 1000, 8, 1), record(2, 10, 1, 1), record(3, 10, 2, 1)],
    );
    expect(table.map((r) => [r.label, r.runs])).toEqual([
      ['FT', 1],
      ['FT on case', 1],
      ['FT + PL', 2],
    ]);
    expect(table[0]!.secondsPerEpochStd).toBe(0);
    expect(table[2]!.secondsPerEpochStd).toBeCloseTo(Math.SQRT1_2, 10);
  });

  it('formats Markdown with MiB and the trainable share', () => {
    const md = formatEfficiencyTable(rows, 'md');
    expect(md).toContain(
      '| FT + PL | 2 | 10 | 1000 | 1.000 | 2.0 | 4.0 | 3.000 | 37.5 | 0.300 | 0.500 |',
    );
  });
});
