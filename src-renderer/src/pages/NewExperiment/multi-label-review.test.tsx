// @vitest-environment jsdom
import type { DatasetSummary } from '@shared/domain/dataset';
import { ScenarioSchema } from '@shared/domain/scenario';
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi, renderWithApi } from '../../test/render';
import { ReviewStep } from './ReviewStep';

afterEach(cleanup);

const scenario = ScenarioSchema.parse({
  name: 'audioset',
  datasetId: 'as',
  cases: ['noisy_audio'],
  methods: ['pl'],
  backbone: { epochs: 1, batchSize: 8, lr: 0.001 },
  training: { pl: { sampler: 'balanced' } },
  seeds: [0],
});

const dataset = (task?: DatasetSummary['task']): DatasetSummary => ({
  id: 'as',
  name: 'AudioSet',
  kind: 'manifest',
  ...(task ? { task } : {}),
  classes: ['speech', 'music'],
  counts: { train: 10, val: 2, test: 2 },
  createdAt: '',
});

describe('the review names the task and its metric', () => {
  it('multi-label: BCE and mAP, with the balanced sampler of the PL stage (and only there)', () => {
    renderWithApi(
      <ReviewStep scenario={scenario} errors={{}} dataset={dataset('multi-label')} rates={{}} />,
      fakeApi({}),
    );
    expect(screen.getByTestId('review-task').textContent).toMatch(
      /multi-label — sigmoid \+ binary cross-entropy, reported in mAP/,
    );
    expect(document.body.textContent).toMatch(/Prompt learning: [^:]*wd 0, balanced samplerSeeds/);
    expect(document.body.textContent).toMatch(/Backbone: [^:]*wd 0\.01Prompt learning/);
  });

  it('single-label (a dataset from before tasks existed): accuracy', () => {
    renderWithApi(
      <ReviewStep scenario={scenario} errors={{}} dataset={dataset()} rates={{}} />,
      fakeApi({}),
    );
    expect(screen.getByTestId('review-task').textContent).toMatch(/single-label .* accuracy/);
  });
});
