// @vitest-environment jsdom
import type { RunDetail } from '@shared/api/methods/runs';
import { NO_RECIPE } from '@shared/domain/recipe';
import type { RunRecord, RunStatus } from '@shared/domain/records';
import { ScenarioModelSchema } from '@shared/domain/scenario';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi, renderWithApi } from '../../test/render';
import { RunsPage } from './RunsPage';

const run = (id: number, status: RunStatus): RunRecord => ({
  id,
  experimentId: 1,
  parentRunId: null,
  datasetId: 'demo',
  role: 'backbone',
  method: 'ft',
  case: 'complete',
  missingRate: 1,
  seed: 0,
  config: {
    training: {
      method: 'ft',
      case: 'complete',
      epochs: 4,
      batchSize: 8,
      lr: 0.001,
      weightDecay: 0,
      optimizer: 'adamw',
      schedule: 'cosine',
      warmupEpochs: 0,
      labelSmoothing: 0,
      clipNorm: 1,
      seed: 0,
      recipe: NO_RECIPE,
    },
    model: ScenarioModelSchema.parse({}),
    corruption: { audioNoises: ['gaussian'], visualNoises: ['blur'], severity: 0.5, rate: 1 },
    evaluation: { cases: ['complete'], promptings: ['situation'] },
    checkpoint: 'best-val',
  },
  status,
  backend: 'wasm',
  compute: null,
  error: null,
  epochsDone: 2,
  createdAt: '2026-01-01T00:00:00Z',
  startedAt: '2026-01-01T00:00:00Z',
  finishedAt: null,
  selection: null,
});

afterEach(cleanup);

describe('runs page', () => {
  it('offers interrupted runs for resume and resumes each of them', async () => {
    const runs = [run(1, 'interrupted'), run(2, 'interrupted'), run(3, 'done')];
    const api = fakeApi({
      'experiments.list': () => [],
      'runs.list': () => runs,
      'runs.get': ({ id }): RunDetail => ({
        run: runs.find((r) => r.id === id)!,
        epochs: [],
        evaluations: [],
        efficiency: null,
        checkpoints: [],
      }),
      'runs.resume': ({ id }) => ({ ...runs.find((r) => r.id === id)!, status: 'queued' }),
    });
    renderWithApi(<RunsPage />, api, '/runs');
    expect(
      await screen.findByText('2 runs were interrupted', {}, { timeout: 10_000 }),
    ).toBeTruthy();
    fireEvent.click(screen.getByTestId('resume-interrupted'));
    await waitFor(
      () =>
        expect(api.calls.filter((c) => c.method === 'runs.resume').map((c) => c.params)).toEqual([
          { id: 1 },
          { id: 2 },
        ]),
      {
        timeout: 10_000,
      },
    );
  });

  it('says what to do when there is no run yet', async () => {
    renderWithApi(
      <RunsPage />,
      fakeApi({ 'experiments.list': () => [], 'runs.list': () => [] }),
      '/runs',
    );
    expect(await screen.findByText('No runs yet', {}, { timeout: 10_000 })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'New experiment' }).getAttribute('href')).toBe(
      '/experiments/new',
    );
  });
});
