// @vitest-environment jsdom
import { buildResultsTable } from '@shared/report/results-table';
import { fakeEvaluation, fakeRun } from '@shared/report/testing';
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi, renderWithApi } from '../../test/render';
import { groupedBarTraces } from './chart-data';
import { ResultsTableView } from './ResultsTableView';

// Two seeds: a backbone each (evaluated on complete and noisy audio) and a PL run each on noisy
// audio, evaluated situation-specific and concat-based.
const runs = [
  fakeRun(1, 'backbone', 'ft', 'complete', 0),
  fakeRun(2, 'backbone', 'ft', 'complete', 1),
  fakeRun(3, 'adapt', 'pl', 'noisy_audio', 0),
  fakeRun(4, 'adapt', 'pl', 'noisy_audio', 1),
];
const evaluations = [
  fakeEvaluation(1, 'complete', 0.9),
  fakeEvaluation(2, 'complete', 1.0),
  fakeEvaluation(1, 'noisy_audio', 0.6),
  fakeEvaluation(2, 'noisy_audio', 0.8),
  fakeEvaluation(3, 'noisy_audio', 0.8),
  fakeEvaluation(4, 'noisy_audio', 0.9),
  fakeEvaluation(3, 'noisy_audio', 0.7, 'concat'),
  fakeEvaluation(4, 'noisy_audio', 0.7, 'concat'),
];

afterEach(cleanup);

function cell(rowName: string, column: string): HTMLElement {
  const row = screen.getByRole('rowheader', { name: rowName }).closest('tr')!;
  return row.querySelector(`td[data-column="${column}"]`) as HTMLElement;
}

describe('compare table', () => {
  it('shows mean ± sample std over seeds, the paired difference to FT, n, and the best of each row in bold', () => {
    const table = buildResultsTable(runs, evaluations, 'accuracy');
    renderWithApi(<ResultsTableView table={table} />, fakeApi({}));
    // FT on noisy audio: mean 0.7, std sqrt(((0.1)²+(0.1)²)/1) = 0.141
    expect(cell('Noisy audio', 'ft_backbone').textContent).toBe('0.700 ± 0.141n = 2');
    // FT + PL: mean 0.85, std 0.071, paired d = [0.2, 0.1]: +0.150 over FT (t = 3, 1 df,
    // p = 0.205: no mark), the best of the row
    const pl = cell('Noisy audio', 'pl');
    expect(pl.textContent).toBe('0.850 ± 0.071(+0.150)n = 2');
    expect(
      within(pl)
        .getByText(/0\.850/)
        .getAttribute('data-best'),
    ).toBe('true');
    // concat: identical seeds give std 0, and the same mean as FT a delta of +0.000
    expect(cell('Noisy audio', 'pl_concat').textContent).toBe('0.700 ± 0.000(+0.000)n = 2');
    expect(
      within(cell('Noisy audio', 'ft_backbone'))
        .getByText(/0\.700/)
        .getAttribute('data-best'),
    ).toBeNull();
    // Complete: only the backbone was evaluated there, so it is the row's best and the rest are empty.
    expect(cell('Complete', 'ft_backbone').textContent).toBe('0.950 ± 0.071n = 2');
    expect(cell('Complete', 'pl').textContent).toBe('—');
    expect(screen.getAllByRole('columnheader').map((h) => h.textContent)).toEqual([
      'Case',
      'Baseline',
      'FT',
      'FT + PL',
      'FT + PL (concat)',
    ]);
  });

  it('shows one seed without ±, and significance marks from the paired t-test', () => {
    const threeSeeds = [0, 1, 2].flatMap((seed) => [
      fakeRun(10 + seed, 'backbone', 'ft', 'complete', seed),
      fakeRun(20 + seed, 'adapt', 'pl', 'noisy_audio', seed),
    ]);
    // d = [0.1, 0.11, 0.09]: scipy ttest_1samp p = 0.0033 → **; LoRA has one seed.
    const table = buildResultsTable(
      [...threeSeeds, fakeRun(30, 'adapt', 'lora', 'noisy_audio', 0)],
      [
        ...[0.5, 0.6, 0.7].map((a, seed) => fakeEvaluation(10 + seed, 'noisy_audio', a)),
        ...[0.6, 0.71, 0.79].map((a, seed) => fakeEvaluation(20 + seed, 'noisy_audio', a)),
        fakeEvaluation(30, 'noisy_audio', 0.55),
      ],
    );
    renderWithApi(<ResultsTableView table={table} />, fakeApi({}));
    expect(cell('Noisy audio', 'pl').textContent).toBe('0.700 ± 0.095(+0.100**)n = 3');
    expect(cell('Noisy audio', 'lora').textContent).toBe('0.550(+0.050)n = 1');
    expect(cell('Noisy audio', 'baseline').textContent).toBe('FT backbone');
  });

  it('draws one bar series per column with the std over seeds as error bars', () => {
    const table = buildResultsTable(runs, evaluations, 'accuracy');
    const traces = groupedBarTraces(table);
    expect(traces.map((t) => t.name)).toEqual(['FT', 'FT + PL', 'FT + PL (concat)']);
    const ft = traces[0]!;
    expect(ft.x).toEqual(['Complete', 'Noisy audio']);
    expect((ft.y as number[]).map((v) => v.toFixed(3))).toEqual(['0.950', '0.700']);
    expect((ft.error_y as { array: number[] }).array.map((v) => v.toFixed(3))).toEqual([
      '0.071',
      '0.141',
    ]);
    const pl = traces[1]!.y as (number | null)[];
    expect(pl[0]).toBeNull();
    expect(pl[1]).toBeCloseTo(0.85, 10);
  });
});
