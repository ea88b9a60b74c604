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

describe('paired differences in the results table', () => {
  // Three seeds; seed 2 has no PL run, so PL pairs over seeds 0 and 1 only.
  const backbones = [0, 1, 2].map((seed) => run(10 + seed, 'backbone', 'ft', 'complete', seed));
  const pl = [0, 1].map((seed) => run(20 + seed, 'adapt', 'pl', 'noisy_audio', seed));
  const evals = [
    ev(10, 'noisy_audio', 0.5),
    ev(11, 'noisy_audio', 0.6),
    ev(12, 'noisy_audio', 0.9),
    ev(20, 'noisy_audio', 0.7),
    ev(21, 'noisy_audio', 0.7),
  ];

  it('pairs by seed against the backbone when there is no FT on the case', () => {
    const row = buildResultsTable([...backbones, ...pl], evals).rows[0]!;
    expect(row.baseline).toBe('ft_backbone');
    const paired = row.cells.pl!.paired!;
    // d = [0.2, 0.1]: mean 0.15, sd 0.0707…, t = 3 on 1 df → p = 2·(1 − T₁(3)) = 0.2048…
    // scipy: stats.ttest_1samp([0.2, 0.1], 0).pvalue = 0.20483276469913345
    expect(paired.n).toBe(2);
    expect(paired.mean).toBeCloseTo(0.15, 12);
    expect(paired.pT).toBeCloseTo(0.20483276469913345, 10);
    expect(row.cells[BACKBONE_COLUMN]!.paired).toBeNull();
  });

  it('uses FT trained on the case, same seed, when the experiment has it', () => {
    const ftOnCase = [0, 1].map((seed) => run(30 + seed, 'adapt', 'ft', 'noisy_audio', seed));
    const table = buildResultsTable(
      [...backbones, ...pl, ...ftOnCase],
      [...evals, ev(30, 'noisy_audio', 0.65), ev(31, 'noisy_audio', 0.75)],
    );
    const row = table.rows[0]!;
    expect(row.baseline).toBe('ft_on_case');
    expect(row.cells.pl!.paired!.mean).toBeCloseTo((0.05 - 0.05) / 2, 12);
    // FT on case itself is compared with the backbone: d = [0.15, 0.15].
    expect(row.cells.ft!.paired!.mean).toBeCloseTo(0.15, 12);
    expect(row.cells.ft!.paired!.pT).toBe(0);
  });

  it('leaves validation-split and ad hoc evaluations out', () => {
    const val = { ...ev(20, 'noisy_audio', 0.1), split: 'val' as const };
    const adHoc = { ...ev(21, 'noisy_audio', 0.1), adHoc: true };
    const table = buildResultsTable([...backbones, ...pl], [...evals.slice(0, 3), val, adHoc]);
    expect(table.rows[0]!.cells.pl).toBeUndefined();
  });
});
