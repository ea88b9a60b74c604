// @vitest-environment jsdom
import type { ExperimentRecord } from '@shared/domain/records';
import { cleanup, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from './App';
import { splitHash } from './lib/hash-location';
import { fakeApi, renderWithApi } from './test/render';

const experiment = (id: number): ExperimentRecord => ({
  id,
  name: `exp ${id}`,
  datasetId: 'demo',
  scenario: {},
  scenarioHash: 'h',
  createdAt: '',
});

function api() {
  return fakeApi({
    'app.info': () => ({}) as never,
    'settings.get': () => ({}) as never,
    'datasets.list': () => [],
    // Newest first: without an id in the URL, Compare would open #2.
    'experiments.list': () => [experiment(2), experiment(1)],
    'experiments.get': ({ id }) => ({
      experiment: experiment(id),
      runs: [],
      evaluations: [],
      efficiency: [],
    }),
    'experiments.breakdown': () => ({
      confusions: [],
      reliance: {
        backbones: 0,
        missingRate: null,
        chance: null,
        nearChanceBelow: null,
        rows: [],
        warnings: [],
      },
    }),
  });
}

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

describe('hash routes', () => {
  it('splits the query off the hash path', () => {
    expect(splitHash('#/compare?id=1')).toEqual(['/compare', 'id=1']);
    expect(splitHash('#/runs')).toEqual(['/runs', '']);
    expect(splitHash('')).toEqual(['/', '']);
  });

  it('opens #/compare?id=1 on experiment 1’s Compare page instead of redirecting to Datasets', async () => {
    window.location.hash = '#/compare?id=1';
    const fake = api();
    renderWithApi(<App api={fake} />, fake);
    await waitFor(() =>
      expect(fake.calls).toContainEqual({ method: 'experiments.get', params: { id: 1 } }),
    );
    expect(screen.getByRole('heading', { name: 'Compare' })).toBeTruthy();
    expect(window.location.hash).toBe('#/compare?id=1');
    expect(
      fake.calls.some(
        (c) => c.method === 'experiments.get' && (c.params as { id: number }).id === 2,
      ),
    ).toBe(false);
  });
});
