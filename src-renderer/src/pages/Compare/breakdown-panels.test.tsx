// @vitest-environment jsdom
import type { EvaluationRecord } from '@shared/domain/records';
import { buildRelianceReport } from '@shared/report/modality-reliance';
import { buildPooledConfusions } from '@shared/report/pooled-confusion';
import { fakeEvaluation, fakeRun } from '@shared/report/testing';
import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi, renderWithApi } from '../../test/render';
import { PerClassPanel } from './PerClassPanel';
import { ReliancePanel } from './ReliancePanel';

afterEach(cleanup);

const ev = (runId: number, c: EvaluationRecord['case'], confusion: number[][]) => {
  const total = confusion.flat().reduce((a, b) => a + b, 0);
  const correct = confusion.reduce((a, row, i) => a + row[i]!, 0);
  return { ...fakeEvaluation(runId, c, correct / total), confusion };
};

const runs = [
  fakeRun(1, 'backbone', 'ft', 'complete', 0),
  fakeRun(2, 'backbone', 'ft', 'complete', 1),
];
// Two classes, 10 samples each: chance 0.5, near chance below 0.55.
const evaluations = [
  ev(1, 'complete', [
    [9, 1],
    [1, 9],
  ]),
  ev(2, 'complete', [
    [10, 0],
    [2, 8],
  ]),
  ev(1, 'missing_visual', [
    [8, 2],
    [3, 7],
  ]),
  ev(2, 'missing_visual', [
    [7, 3],
    [3, 7],
  ]),
  ev(1, 'missing_audio', [
    [6, 4],
    [5, 5],
  ]),
  ev(2, 'missing_audio', [
    [5, 5],
    [5, 5],
  ]),
];

describe('modality reliance panel', () => {
  it('shows mean ± std and n per input, and warns when a modality alone is near chance', () => {
    renderWithApi(<ReliancePanel report={buildRelianceReport(runs, evaluations)} />, fakeApi({}));
    const row = screen.getByRole('rowheader', { name: 'Test' }).closest('tr')!;
    const cell = (key: string) => row.querySelector(`td[data-column="${key}"]`)!.textContent;
    // both: 0.9, 0.9; audio only: 0.75, 0.7; visual only: 0.55, 0.5 → mean 0.525 < 0.55
    expect(cell('both')).toBe('0.900 ± 0.000n = 2');
    expect(cell('audioOnly')).toBe('0.725 ± 0.035n = 2');
    expect(cell('visualOnly')).toBe('0.525 ± 0.035n = 2');
    expect(
      screen.getByText(/Visual only \(missing audio\) on test: accuracy 0\.525 is near chance/),
    ).toBeTruthy();
    expect(screen.queryByText(/Audio only \(missing visual\) on test/)).toBeNull();
  });
});

describe('per-class panel', () => {
  it('gives per-class accuracy of the matrices pooled over seeds', () => {
    renderWithApi(
      <PerClassPanel
        confusions={buildPooledConfusions(runs, evaluations)}
        classes={['dog', 'siren']}
      />,
      fakeApi({}),
    );
    const table = screen.getByTestId('per-class-table');
    // Complete, pooled: dog 19 of 20, siren 17 of 20.
    const dog = within(table).getByRole('rowheader', { name: 'dog' }).closest('tr')!;
    const siren = within(table).getByRole('rowheader', { name: 'siren' }).closest('tr')!;
    expect(dog.querySelector('td')!.textContent).toBe('0.950');
    expect(siren.querySelector('td')!.textContent).toBe('0.850');
    expect(within(table).getByRole('columnheader', { name: /FT \(n = 2\)/ })).toBeTruthy();
  });
});
