import { describe, expect, it } from 'vitest';
import { formatResultsTable, RESULTS_LEGEND } from './format-table';
import { buildResultsTable } from './results-table';
import { fakeEvaluation as ev, fakeRun as run } from './testing';

// One PL seed: n = 1, so no ± and no test.
const oneSeed = buildResultsTable(
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

// Three seeds; PL − FT per seed d = [0.1, 0.11, 0.09]:
// scipy stats.ttest_1samp([0.1, 0.11, 0.09], 0): p = 0.003316758722356861,
// CI (0.07515862288249672, 0.12484137711750332).
// LoRA − FT d = [0.1, 0.2, −0.05]: p = 0.37005921165128797.
const threeSeeds = buildResultsTable(
  [0, 1, 2].flatMap((seed) => [
    run(10 + seed, 'backbone', 'ft', 'complete', seed),
    run(20 + seed, 'adapt', 'pl', 'noisy_audio', seed),
    run(30 + seed, 'adapt', 'lora', 'noisy_audio', seed),
  ]),
  [
    ...[0.5, 0.6, 0.7].map((a, seed) => ev(10 + seed, 'noisy_audio', a)),
    ...[0.6, 0.71, 0.79].map((a, seed) => ev(20 + seed, 'noisy_audio', a)),
    ...[0.6, 0.8, 0.65].map((a, seed) => ev(30 + seed, 'noisy_audio', a)),
  ],
);

describe('formatResultsTable', () => {
  it('writes CSV with n, the paired difference, its interval and both p-values per column', () => {
    const [header, row] = formatResultsTable(threeSeeds, 'csv').split('\n');
    const fields = header!.split(',');
    const values = row!.split(',');
    const get = (name: string) => values[fields.indexOf(name)];
    expect(get('baseline')).toBe('ft_backbone');
    expect(get('ft_backbone_n')).toBe('3');
    expect(get('ft_backbone_diff')).toBe('');
    expect(get('pl_mean')).toBe('0.700');
    expect(get('pl_n')).toBe('3');
    expect(get('pl_diff')).toBe('0.100');
    expect(get('pl_ci_low')).toBe('0.075');
    expect(get('pl_ci_high')).toBe('0.125');
    expect(get('pl_p_t')).toBe('0.00332');
    // Wilcoxon needs six pairs.
    expect(get('pl_p_wilcoxon')).toBe('');
    expect(get('lora_p_t')).toBe('0.370');
  });

  it('leaves std empty in CSV for a single seed', () => {
    const [header, row] = formatResultsTable(oneSeed, 'csv').split('\n');
    const values = row!.split(',');
    expect(values[header!.split(',').indexOf('pl_std')]).toBe('');
    expect(values[header!.split(',').indexOf('pl_n')]).toBe('1');
  });

  it('writes Markdown with the baseline, n, significance marks and the legend', () => {
    const md = formatResultsTable(threeSeeds, 'md');
    expect(md).toContain('| Case | Baseline | FT | FT + PL | FT + LoRA |');
    expect(md).toContain(
      '| Noisy audio | FT backbone | 0.600 ± 0.100 (n = 3) | **0.700 ± 0.095** (+0.100**, n = 3) | 0.683 ± 0.104 (+0.083, n = 3) |',
    );
    expect(md).toContain(RESULTS_LEGEND);
    expect(md).toContain('* p < 0.05, ** p < 0.01');
  });

  it('shows no ± for one seed in Markdown', () => {
    expect(formatResultsTable(oneSeed, 'md')).toContain(
      '| Noise to both | FT backbone | 0.600 ± 0.141 (n = 2) | **0.750** (+0.250, n = 1) | 0.700 (+0.200, n = 1) |',
    );
  });

  it('writes a booktabs LaTeX tabular with marks as superscripts and n', () => {
    const tex = formatResultsTable(threeSeeds, 'latex');
    expect(tex).toContain('\\toprule');
    expect(tex).toContain('\\bottomrule');
    expect(tex).toContain(
      'Noisy audio & FT backbone & 0.600 $\\pm$ 0.100 {\\scriptsize $n{=}3$} & \\textbf{0.700 $\\pm$ 0.095} (+0.100$^{**}$) {\\scriptsize $n{=}3$} & 0.683 $\\pm$ 0.104 (+0.083) {\\scriptsize $n{=}3$} \\\\',
    );
    expect(tex).toContain('** p < 0.01');
  });

  it('writes JSON with the table, the paired tests and the legend', () => {
    const json = JSON.parse(formatResultsTable(threeSeeds, 'json', 3, { extra: [1] }));
    expect(json.rows).toEqual(JSON.parse(JSON.stringify(threeSeeds.rows)));
    expect(json.rows[0].cells.pl.paired.pT).toBeCloseTo(0.003316758722356861, 10);
    expect(json.rows[0].cells.pl.paired.ciLow).toBeCloseTo(0.07515862288249672, 10);
    expect(json.legend).toBe(RESULTS_LEGEND);
    expect(json.extra).toEqual([1]);
  });
});
