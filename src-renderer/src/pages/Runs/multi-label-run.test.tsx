// @vitest-environment jsdom
import type { RunRecord } from '@shared/domain/records';
import { fakeEvaluation, fakeRun } from '@shared/report/testing';
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, renderWithApi } from '../../test/render';
import { LiveRunStore } from './live-run-store';
import { RunDetail } from './RunDetail';

vi.mock('../../charts/plotly-loader', () => ({
  loadPlotly: async () => ({ react: async () => {}, purge: () => {} }),
}));

afterEach(cleanup);

describe('a multi-label run’s detail', () => {
  it('lists its evaluations in mAP and ROC-AUC, with the top-1 hit rate, not accuracy', async () => {
    const evaluation = {
      ...fakeEvaluation(3, 'complete', 0.75),
      multiLabel: {
        map: 0.625,
        auc: 0.8125,
        perClassAp: [0.5, 0.75],
        mapSkipped: 0,
        aucSkipped: 0,
        positives: [4, 6],
      },
    };
    renderWithApi(
      <RunDetail runId={3} live={new LiveRunStore(0)} />,
      fakeApi({
        'runs.get': () => ({
          run: {
            ...fakeRun(3, 'backbone', 'ft', 'complete', 0),
            config: {
              model: { preset: 'micro' },
              training: { epochs: 1, batchSize: 8, lr: 0.001 },
            } as RunRecord['config'],
          },
          epochs: [],
          evaluations: [evaluation],
          efficiency: null,
          checkpoints: [],
        }),
        'runs.steps': () => [],
      }),
    );
    const table = (await screen.findByText('Evaluations')).parentElement!.querySelector('table')!;
    const headers = within(table)
      .getAllByRole('columnheader')
      .map((h) => h.textContent);
    expect(headers).toEqual(['Case', 'Prompting', 'η', 'mAP', 'ROC-AUC', 'Top-1 hit', 'Samples']);
    const cells = within(table)
      .getAllByRole('cell')
      .map((c) => c.textContent);
    expect(cells.slice(3, 5)).toEqual(['0.625', '0.813']);
  });
});
