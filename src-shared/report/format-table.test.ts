import { describe, expect, it } from 'vitest';
import { formatResultsTable } from './format-table';
import { buildResultsTable } from './results-table';
import { fakeEvaluation as ev, fakeRun as run } from './testing';

const table = buildResultsTable(
  [
    run(1, 'backbone', 'ft', 'complete', 0),
    run(2, 'backbone', 'ft', 'complete', 1),
    run(3, 'adapt', 'pl', 'noisy_both', 0),
  ],
  [
    ev(1, 'noisy_both', 0.5),
    ev(2, 'noisy_both', 0.7),
    ev(3, 'noisy_both', 0.75),
    ev(3, 'noisy_both', 0.7, 'concat'),
  ],
);

describe('formatResultsTable', () => {
  it('writes CSV with mean, std, n and delta per column', () => {
    expect(formatResultsTable(table, 'csv')).toBe(
      [
        'case,missing_rate,ft_backbone_mean,ft_backbone_std,ft_backbone_n,ft_backbone_delta_to_ft,pl_mean,pl_std,pl_n,pl_delta_to_ft,pl_concat_mean,pl_concat_std,pl_concat_n,pl_concat_delta_to_ft',
        'noisy_both,1,0.600,0.141,2,,0.750,0.000,1,0.150,0.700,0.000,1,0.100',
        '',
      ].join('\n'),
    );
  });

  it('writes Markdown with the best cell in bold and signed deltas', () => {
    const md = formatResultsTable(table, 'md');
    expect(md).toContain('| Case | FT | FT + PL | FT + PL (concat) |');
    expect(md).toContain(
      '| Noise to both | 0.600 ± 0.141 | **0.750 ± 0.000 (+0.150)** | 0.700 ± 0.000 (+0.100) |',
    );
  });

  it('writes a booktabs LaTeX tabular with the best cell in bold', () => {
    const tex = formatResultsTable(table, 'latex');
    expect(tex).toContain('\\toprule');
    expect(tex).toContain('\\bottomrule');
    expect(tex).toContain(
      'Noise to both & 0.600 $\\pm$ 0.141 & \\textbf{0.750 $\\pm$ 0.000} & 0.700 $\\pm$ 0.000 \\\\',
    );
  });

  it('writes JSON that parses back to the table', () => {
    expect(JSON.parse(formatResultsTable(table, 'json'))).toEqual(table);
  });
});
