import { describe, expect, it } from 'vitest';
import { BACKBONE_COLUMN, buildResultsTable } from './results-table';
import { fakeEvaluation as ev, fakeRun as run } from './testing';

// Two seeds: backbone (FT on complete) and PL adapted to noisy_audio.
const runs = [
  run(1, 'backbone', 'ft', 'complete', 0),
  run(2, 'backbone', 'ft', 'complete', 1),
  run(3, 'adapt', 'pl', 'noisy_audio', 0),
  run(4, 'adapt', 'pl', 'noisy_audio', 1),
];
const evaluations = [
  ev(1, 'complete', 0.9),
  ev(2, 'complete', 1.0),
  ev(1, 'noisy_audio', 0.6),
  ev(2, 'noisy_audio', 0.7),
  ev(3, 'noisy_audio', 0.8),
  ev(4, 'noisy_audio', 0.9),
  // An adapted run evaluated off its own case does not count in the table.
  ev(3, 'complete', 0.1),
];

describe('buildResultsTable', () => {
  const table = buildResultsTable(runs, evaluations);

  it('has one row per evaluated case and one column per model kind, backbone first', () => {
    expect(table.rows.map((r) => r.case)).toEqual(['complete', 'noisy_audio']);
    expect(table.columns.map((c) => c.key)).toEqual([BACKBONE_COLUMN, 'pl']);
  });

  it('gives mean ± sample std over seeds', () => {
    const cell = table.rows[1]!.cells[BACKBONE_COLUMN]!;
    expect(cell.values).toEqual([0.6, 0.7]);
    expect(cell.mean).toBeCloseTo(0.65, 12);
    expect(cell.std).toBeCloseTo(Math.sqrt(0.005), 12);
  });

  it('computes the delta to FT and marks the best of each row', () => {
    const pl = table.rows[1]!.cells.pl!;
    expect(pl.deltaToFt).toBeCloseTo(0.2, 12);
    expect(pl.best).toBe(true);
    expect(table.rows[1]!.cells[BACKBONE_COLUMN]!.best).toBe(false);
    expect(table.rows[0]!.cells.pl).toBeNull();
  });

  it('reads macro-F1 when asked', () => {
    const f1 = buildResultsTable(runs, evaluations, 'macroF1');
    expect(f1.rows[1]!.cells.pl!.mean).toBeCloseTo(0.425, 12);
  });
});
