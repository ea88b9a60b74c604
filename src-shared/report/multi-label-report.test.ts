import { describe, expect, it } from 'vitest';
import type { ExperimentDetail } from '../api/methods/experiments';
import type { EvaluationRecord } from '../domain/records';
import { formatResultsTable } from './format-table';
import { buildRelianceReport, formatRelianceReport } from './modality-reliance';
import { buildPerClassAp } from './per-class-ap';
import { buildResultsDocument } from './results-document';
import { BACKBONE_COLUMN, buildResultsTable } from './results-table';
import { metricValue, primaryMetric, taskOfEvaluations } from './task-metric';
import { fakeEvaluation, fakeRun } from './testing';

/** A multi-label evaluation: mAP and AUC given, top-1 hit rate 0.9 whatever they are. */
function ml(
  runId: number,
  c: EvaluationRecord['case'],
  map: number | null,
  split: 'val' | 'test' = 'test',
): EvaluationRecord {
  return {
    ...fakeEvaluation(runId, c, 0.9),
    split,
    multiLabel: {
      map,
      auc: map === null ? null : map / 2 + 0.5,
      perClassAp: [map, null],
      mapSkipped: 1,
      aucSkipped: 1,
      // 10 samples: class 0 on 4 of them, class 1 on none.
      positives: [4, 0],
    },
  };
}

const runs = [0, 1, 2].flatMap((seed) => [
  fakeRun(10 + seed, 'backbone', 'ft', 'complete', seed),
  fakeRun(20 + seed, 'adapt', 'pl', 'noisy_audio', seed),
]);
const evaluations = [0, 1, 2].flatMap((seed) => [
  ml(10 + seed, 'noisy_audio', 0.5 + 0.01 * seed),
  ml(20 + seed, 'noisy_audio', 0.6 + 0.02 * seed),
]);

describe('multi-label reports', () => {
  it('read mAP, not accuracy, and pair PL against FT per seed on it', () => {
    expect(taskOfEvaluations(evaluations)).toBe('multi-label');
    expect(primaryMetric('multi-label')).toBe('map');
    expect(metricValue(evaluations[0]!, 'accuracy')).toBeNull();
    const table = buildResultsTable(runs, evaluations, 'map');
    const row = table.rows[0]!;
    expect(row.cells[BACKBONE_COLUMN]!.values).toEqual([0.5, 0.51, 0.52]);
    const pl = Object.entries(row.cells).find(([k]) => k !== BACKBONE_COLUMN)![1]!;
    expect(pl.values).toEqual([0.6, 0.62, 0.64]);
    // Paired differences 0.10, 0.11, 0.12: mean 0.11 over n = 3 seeds.
    expect(pl.paired!.mean).toBeCloseTo(0.11, 12);
    expect(pl.paired!.n).toBe(3);
    // An accuracy table of a multi-label experiment has nothing in it.
    expect(buildResultsTable(runs, evaluations, 'accuracy').rows).toEqual([]);
    expect(formatResultsTable(table, 'md')).toMatch(/Values are mAP: average precision per class/);
    expect(
      buildResultsTable(runs, evaluations, 'auc').rows[0]!.cells[BACKBONE_COLUMN]!.mean,
    ).toBeCloseTo(0.755, 12);
  });

  it('leave out an evaluation whose split had no positive (no mAP) instead of counting a zero', () => {
    const table = buildResultsTable(runs, [...evaluations, ml(10, 'complete', null)], 'map');
    expect(table.rows.map((r) => r.case)).toEqual(['noisy_audio']);
  });

  it('measure modality reliance in mAP against the mean class prevalence', () => {
    const reliance = [
      ml(10, 'complete', 0.9),
      ml(10, 'missing_visual', 0.8),
      // Chance = prevalence of the one class with positives, 4/10; near chance below 0.46.
      ml(10, 'missing_audio', 0.42),
    ];
    const report = buildRelianceReport(runs, reliance);
    expect(report.metric).toBe('map');
    expect(report.chance).toBeCloseTo(0.4, 12);
    expect(report.nearChanceBelow).toBeCloseTo(0.46, 12);
    expect(report.warnings).toEqual([
      expect.stringMatching(/^Visual only \(missing audio\) on test: mAP 0\.420 is near chance/),
    ]);
    expect(formatRelianceReport(report, 'md')).toMatch(/^mAP of the FT backbone/m);
    // Single-label reports are as before: no metric field.
    expect(buildRelianceReport(runs, [fakeEvaluation(10, 'complete', 0.9)])).not.toHaveProperty(
      'metric',
    );
  });

  it('the results document titles the table mAP and skips the accuracy-only reference', () => {
    const detail = {
      experiment: {
        id: 1,
        name: 'ml',
        datasetId: 'd',
        scenario: {},
        scenarioHash: 'h'.repeat(12),
        createdAt: '',
      },
      runs,
      evaluations,
      efficiency: [],
    } as ExperimentDetail;
    const doc = buildResultsDocument([detail], { command: 'avlab report' });
    expect(doc).toContain('### mAP per case (test split)');
    expect(doc).not.toContain('Against the reference');
  });
});

describe('buildPerClassAp', () => {
  it('averages each class’s AP over seeds where it had positives, per table cell', () => {
    const withAp = (runId: number, ap: (number | null)[]) => {
      const e = ml(runId, 'noisy_audio', 0.5);
      return { ...e, multiLabel: { ...e.multiLabel!, perClassAp: ap } };
    };
    const cells = buildPerClassAp(runs, [
      withAp(10, [0.4, null]),
      withAp(11, [0.6, null]),
      withAp(20, [0.9, 0.5]),
      withAp(21, [0.7, null]),
      // Single-label evaluations have no per-class AP.
      fakeEvaluation(12, 'noisy_audio', 0.9),
    ]);
    expect(cells.map((c) => [c.column, c.n, c.ap])).toEqual([
      [BACKBONE_COLUMN, 2, [0.5, null]],
      [cells[1]!.column, 2, [0.8, 0.5]],
    ]);
  });
});
