// @vitest-environment jsdom
import { type Scenario, ScenarioSchema } from '@shared/domain/scenario';
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi, renderWithApi } from '../../test/render';
import { corruptionSummary } from './corruption-summary';
import { ReviewStep } from './ReviewStep';

afterEach(cleanup);

const scenario = (cases: Scenario['cases'], evaluation?: { cases: Scenario['cases'] }) =>
  ScenarioSchema.parse({
    name: 'review',
    datasetId: 'demo',
    cases,
    methods: ['ft', 'pl'],
    backbone: { epochs: 1, batchSize: 8, lr: 0.001 },
    corruption: { audioNoises: ['gaussian'], visualNoises: ['blur', 'occlusion'], severity: 0.4 },
    seeds: [0],
    ...(evaluation ? { evaluation } : {}),
  });

describe('corruption in the review', () => {
  it('is absent when only missing-modality cases are trained and evaluated', () => {
    expect(corruptionSummary(scenario(['missing_audio', 'missing_visual']))).toBeNull();
    renderWithApi(
      <ReviewStep
        scenario={scenario(['missing_audio', 'missing_visual'])}
        errors={{}}
        dataset={undefined}
        rates={{}}
      />,
      fakeApi({}),
    );
    const item = screen.getByTestId('review-corruption');
    expect(item.textContent).toBe('Corruption: none (no case makes a modality noisy)');
    expect(item.textContent).not.toMatch(/Gaussian|severity/);
  });

  it('names only the noisy modality’s noise types', () => {
    expect(corruptionSummary(scenario(['noisy_audio', 'missing_visual']))).toBe(
      'audio Gaussian, severity 0.4',
    );
    expect(corruptionSummary(scenario(['noisy_visual']))).toBe(
      'visual Blur/Occlusion, severity 0.4',
    );
    expect(corruptionSummary(scenario(['noisy_both']))).toBe(
      'audio Gaussian, visual Blur/Occlusion, severity 0.4',
    );
  });

  it('counts a noisy case that is only evaluated', () => {
    expect(
      corruptionSummary(
        scenario(['missing_audio'], { cases: ['complete', 'missing_audio', 'noisy_audio'] }),
      ),
    ).toBe('audio Gaussian, severity 0.4');
  });
});
