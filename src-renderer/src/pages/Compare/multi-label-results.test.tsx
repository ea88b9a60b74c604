// @vitest-environment jsdom
import type { ExperimentDetail } from '@shared/api/methods/experiments';
import type { EvaluationRecord } from '@shared/domain/records';
import { buildRelianceReport } from '@shared/report/modality-reliance';
import { fakeEvaluation, fakeRun } from '@shared/report/testing';
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, renderWithApi } from '../../test/render';
import { ExperimentResults } from './ExperimentResults';

// Plotly does not run in jsdom; the charts are not what this test looks at.
vi.mock('../../charts/plotly-loader', () => ({
  loadPlotly: async () => ({ react: async () => {}, purge: () => {} }),
}));

afterEach(cleanup);

const ml = (runId: number, c: EvaluationRecord['case'], map: number, ap: number[]) => ({
  ...fakeEvaluation(runId, c, 0.9),
  multiLabel: { map, auc: 0.8, perClassAp: ap, mapSkipped: 0, aucSkipped: 0, positives: [3, 5] },
});

const runs = [
  fakeRun(1, 'backbone', 'ft', 'complete', 0),
  fakeRun(2, 'backbone', 'ft', 'complete', 1),
];
const evaluations = [
  ml(1, 'complete', 0.7, [0.6, 0.8]),
  ml(2, 'complete', 0.5, [0.4, 0.6]),
  ml(1, 'missing_audio', 0.4, [0.3, 0.5]),
];
const detail = {
  experiment: {
    id: 4,
    name: 'audioset',
    datasetId: 'as',
    scenario: {},
    scenarioHash: 'h',
    createdAt: '',
  },
  runs,
  evaluations,
  efficiency: [],
} as ExperimentDetail;

describe('Compare on a multi-label experiment', () => {
  it('reports mAP (even when accuracy was chosen), per-class AP, and no confusion matrix', async () => {
    renderWithApi(
      <ExperimentResults id={4} metric="accuracy" />,
      fakeApi({
        'experiments.get': () => detail,
        'experiments.breakdown': () => ({
          confusions: [],
          reliance: buildRelianceReport(runs, evaluations),
        }),
        'datasets.list': () => [
          {
            id: 'as',
            name: 'AudioSet',
            kind: 'manifest',
            task: 'multi-label',
            classes: ['speech', 'music'],
            counts: { train: 1, val: 1, test: 1 },
            createdAt: '',
          },
        ],
      }),
    );
    expect(await screen.findByText('Results (mAP)')).toBeTruthy();
    expect(screen.getByTestId('no-confusion-note').textContent).toMatch(/no confusion matrix/);
    expect(screen.queryByTestId('confusion-panel')).toBeNull();
    const table = await screen.findByTestId('per-class-ap-table');
    const music = within(table).getByRole('rowheader', { name: 'music' }).closest('tr')!;
    // FT backbone on complete: (0.8 + 0.6) / 2 over the two seeds.
    expect(music.querySelector('td')!.textContent).toBe('0.700');
    expect((await screen.findByTestId('reliance-panel')).textContent).toMatch(
      /mAP of the FT backbone/,
    );
  });
});
