import { describe, expect, it } from 'vitest';
import type { EvaluationRecord } from '../domain/records';
import {
  buildRelianceReport,
  formatRelianceReport,
  nearChanceThreshold,
} from './modality-reliance';
import { fakeEvaluation, fakeRun } from './testing';

const TEN_CLASSES = Array.from({ length: 10 }, () => Array.from({ length: 10 }, () => 1));

function ev(
  runId: number,
  c: EvaluationRecord['case'],
  accuracy: number,
  split: 'val' | 'test',
  missingRate = 1,
): EvaluationRecord {
  return { ...fakeEvaluation(runId, c, accuracy), split, missingRate, confusion: TEN_CLASSES };
}

const runs = [
  fakeRun(1, 'backbone', 'ft', 'complete', 0),
  fakeRun(2, 'backbone', 'ft', 'complete', 1),
  fakeRun(3, 'adapt', 'pl', 'missing_audio', 0),
];
const evaluations = [
  ...[1, 2].flatMap((id) => [
    ev(id, 'complete', id === 1 ? 0.9 : 0.8, 'test'),
    ev(id, 'missing_visual', id === 1 ? 0.7 : 0.6, 'test'),
    ev(id, 'missing_audio', id === 1 ? 0.15 : 0.17, 'test'),
    // A lower η of the sweep: reliance uses η = 1 only.
    ev(id, 'missing_audio', 0.5, 'test', 0.5),
  ]),
  ev(1, 'complete', 0.95, 'val'),
  ev(1, 'missing_visual', 0.75, 'val'),
  ev(1, 'missing_audio', 0.4, 'val'),
  // Not a backbone: left out.
  ev(3, 'missing_audio', 0.05, 'test'),
  // Ad hoc: left out.
  { ...ev(2, 'missing_visual', 0.01, 'val'), adHoc: true },
];

describe('buildRelianceReport', () => {
  const report = buildRelianceReport(runs, evaluations);

  it('averages each input over backbone seeds per split, at η = 1', () => {
    expect(report.backbones).toBe(2);
    expect(report.missingRate).toBe(1);
    const test = report.rows.find((r) => r.split === 'test')!;
    expect(test.cells.both!.mean).toBeCloseTo(0.85, 12);
    expect(test.cells.audioOnly!.mean).toBeCloseTo(0.65, 12);
    expect(test.cells.visualOnly!.values).toEqual([0.15, 0.17]);
    expect(test.cells.visualOnly!.n).toBe(2);
    const val = report.rows.find((r) => r.split === 'val')!;
    expect(val.cells.audioOnly!.n).toBe(1);
    expect(val.cells.audioOnly!.mean).toBe(0.75);
  });

  it('names a modality alone below chance + 0.1·(1 − chance) as near chance', () => {
    // 10 classes: chance 0.1, threshold 0.1 + 0.1·0.9 = 0.19
    expect(report.chance).toBeCloseTo(0.1, 12);
    expect(report.nearChanceBelow).toBeCloseTo(0.19, 12);
    expect(nearChanceThreshold(0.5)).toBeCloseTo(0.55, 12);
    expect(report.warnings).toHaveLength(1);
    expect(report.warnings[0]).toMatch(
      /^Visual only \(missing audio\) on test: accuracy 0\.160 is near chance/,
    );
  });

  it('exports Markdown with n, the definition and the warning', () => {
    const md = formatRelianceReport(report, 'md');
    expect(md).toContain(
      '| test | 0.850 ± 0.071 (n = 2) | 0.650 ± 0.071 (n = 2) | 0.160 ± 0.014 (n = 2) |',
    );
    expect(md).toContain('| validation | 0.950 (n = 1) | 0.750 (n = 1) | 0.400 (n = 1) |');
    expect(md).toContain('near chance below 0.190');
    expect(md).toContain('> **Warning:** Visual only');
  });

  it('exports CSV and JSON with the same numbers', () => {
    const [header, val] = formatRelianceReport(report, 'csv').split('\n');
    expect(header).toBe(
      'split,missing_rate,chance,near_chance_below,both_mean,both_std,both_n,audioOnly_mean,audioOnly_std,audioOnly_n,visualOnly_mean,visualOnly_std,visualOnly_n',
    );
    expect(val).toBe('val,1,0.100,0.190,0.950,,1,0.750,,1,0.400,,1');
    expect(JSON.parse(formatRelianceReport(report, 'json')).rows).toEqual(report.rows);
  });
});
