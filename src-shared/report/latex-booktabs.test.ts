import { describe, expect, it } from 'vitest';
import type { EfficiencyRecord } from '../domain/records';
import { buildEfficiencyTable, formatEfficiencyTable } from './efficiency-table';
import { formatResultsTable } from './format-table';
import { buildRelianceReport, formatRelianceReport } from './modality-reliance';
import { buildResultsTable } from './results-table';
import { fakeEvaluation, fakeRun } from './testing';

// Issue 15 asked for LaTeX with booktabs: every table the app exports (results, efficiency,
// modality reliance) is a booktabs tabular, with no \hline, and says which package it needs.
const runs = [
  fakeRun(1, 'backbone', 'ft', 'complete', 0),
  fakeRun(2, 'adapt', 'pl', 'noisy_audio', 0),
];
const evaluations = [
  fakeEvaluation(1, 'complete', 0.9),
  fakeEvaluation(1, 'noisy_audio', 0.7),
  fakeEvaluation(2, 'noisy_audio', 0.8),
  fakeEvaluation(1, 'missing_audio', 0.5),
  fakeEvaluation(1, 'missing_visual', 0.6),
];
const efficiency: EfficiencyRecord[] = [1, 2].map((runId) => ({
  runId,
  backend: 'wasm' as const,
  totalParams: 1000,
  trainableParams: runId === 1 ? 1000 : 10,
  peakTensorBytes: 2 ** 20,
  peakRssBytes: 2 ** 21,
  secondsPerEpoch: 2,
  trainSamplesPerSec: 50,
}));

const tables = {
  results: formatResultsTable(buildResultsTable(runs, evaluations), 'latex'),
  efficiency: formatEfficiencyTable(buildEfficiencyTable(runs, efficiency), 'latex'),
  reliance: formatRelianceReport(buildRelianceReport(runs, evaluations), 'latex'),
};

describe('LaTeX exports', () => {
  for (const [name, tex] of Object.entries(tables)) {
    it(`${name}: a booktabs tabular that names its package`, () => {
      expect(tex).toContain('% Requires \\usepackage{booktabs}.');
      const rule = (r: string) => tex.indexOf(`\\${r}`);
      expect(rule('toprule')).toBeGreaterThan(tex.indexOf('\\begin{tabular}'));
      expect(rule('midrule')).toBeGreaterThan(rule('toprule'));
      expect(rule('bottomrule')).toBeGreaterThan(rule('midrule'));
      expect(tex.indexOf('\\end{tabular}')).toBeGreaterThan(rule('bottomrule'));
      expect(tex).not.toContain('\\hline');
    });
  }
});
