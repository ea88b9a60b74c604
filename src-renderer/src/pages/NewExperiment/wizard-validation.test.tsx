// @vitest-environment jsdom
import type { DatasetSummary } from '@shared/domain/dataset';
import { ScenarioSchema } from '@shared/domain/scenario';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import demoSpecText from '../../../../experiments/demo.json?raw';
import { fakeApi, renderWithApi } from '../../test/render';
import { ScenarioWizard } from './NewExperimentPage';

const demo: DatasetSummary = {
  id: 'demo',
  name: 'Demo',
  kind: 'demo',
  classes: ['a', 'b', 'c'],
  counts: { train: 300, val: 30, test: 60 },
  createdAt: '2026-01-01T00:00:00Z',
};

function setup() {
  const api = fakeApi({
    'experiments.list': () => [],
    'experiments.create': ({ scenario }) => ({
      experiment: {
        id: 7,
        name: scenario.name,
        datasetId: scenario.datasetId,
        scenario,
        scenarioHash: 'h',
        createdAt: '',
      },
      runs: [],
    }),
  });
  renderWithApi(<ScenarioWizard datasets={[demo]} />, api);
  return api;
}
const next = () => fireEvent.click(screen.getByTestId('wizard-next'));
const type = (testId: string, value: string) =>
  fireEvent.change(screen.getByTestId(testId), { target: { value } });

afterEach(cleanup);

describe('scenario wizard validation', () => {
  it('shows the schema message under an emptied name and does not leave the step', async () => {
    setup();
    type('wizard-name', '   ');
    const name = screen.getByTestId('wizard-name');
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText(/Too small/)).toBeTruthy();
    next();
    expect(screen.getByTestId('step-blocked').textContent).toContain('name');
    expect(screen.getByTestId('wizard-name')).toBeTruthy(); // still on the dataset step
    type('wizard-name', 'Sweep');
    next();
    await screen.findByTestId('wizard-missing-rates', {}, { timeout: 10_000 });
  });

  it('flags a missing rate above 1 and a seed listed twice inline', async () => {
    setup();
    next();
    type('wizard-missing-rates', '1, 1.5');
    expect(screen.getByText(/1: Too big/)).toBeTruthy();
    expect(screen.getByTestId('wizard-missing-rates').getAttribute('aria-invalid')).toBe('true');
    next();
    expect(screen.getByTestId('step-blocked').textContent).toContain('missingRates.1');
    type('wizard-missing-rates', '1, 0.5');
    next(); // methods
    next(); // training
    type('wizard-backbone-epochs', '0');
    expect(screen.getByTestId('wizard-backbone-epochs').getAttribute('aria-invalid')).toBe('true');
    type('wizard-backbone-epochs', '3');
    next(); // seeds
    type('wizard-seeds', '0, 0');
    expect(screen.getByText('lists a value twice')).toBeTruthy();
    type('wizard-seeds', '0, 1, 2');
    next();
    // 3 seeds × (1 + 2 rates × 3 cases × 2 methods)
    expect((await screen.findByTestId('estimate-runs', {}, { timeout: 10_000 })).textContent).toBe(
      '39 runs',
    );
    expect(screen.getByTestId('estimate-time').textContent).toContain('unknown');
  });

  it('loads a spec JSON and submits the scenario exactly as the schema parses it', async () => {
    const api = setup();
    const text = demoSpecText;
    const input = document.querySelector('input[type="file"]') as HTMLInputElement;
    fireEvent.change(input, {
      target: { files: [new File([text], 'demo.json', { type: 'application/json' })] },
    });
    const runs = await screen.findByTestId('estimate-runs', {}, { timeout: 10_000 });
    // demo.json: 1 seed × (1 + 1 rate × 3 cases × 4 methods)
    expect(runs.textContent).toBe('13 runs');
    fireEvent.click(screen.getByTestId('wizard-start'));
    await waitFor(
      () => expect(api.calls.some((c) => c.method === 'experiments.create')).toBe(true),
      { timeout: 10_000 },
    );
    const sent = api.calls.find((c) => c.method === 'experiments.create')!.params as {
      scenario: unknown;
    };
    expect(sent.scenario).toEqual(ScenarioSchema.parse(JSON.parse(text)));
  });

  it('names the field of a loaded spec that the schema rejects and opens its step', async () => {
    setup();
    const spec = {
      name: 'bad',
      datasetId: 'demo',
      cases: ['noisy_audio'],
      methods: ['pl'],
      backbone: { epochs: 2, batchSize: 8, lr: 0.001 },
      training: { pl: { epochs: 1, batchSize: 8, lr: 20 } },
      seeds: [0],
    };
    const input = document.querySelector('input[type="file"]') as HTMLInputElement;
    fireEvent.change(input, { target: { files: [new File([JSON.stringify(spec)], 'bad.json')] } });
    const lr = await screen.findByTestId('wizard-training-pl-lr', {}, { timeout: 10_000 });
    expect(lr.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText(/Too big/)).toBeTruthy();
  });
});
