// @vitest-environment jsdom
import { cleanup, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi, renderWithApi } from '../../test/render';
import { LiveRunStore } from './live-run-store';
import { RunCurves } from './RunCurves';

afterEach(cleanup);

const steps = [1, 2, 3, 4].map((step) => ({
  epoch: 1,
  step,
  stepsPerEpoch: 4,
  loss: 2 / step,
  accuracy: 0.5,
}));

describe('step-loss chart', () => {
  it('draws a finished run’s stored steps (nothing streams for it any more)', async () => {
    const api = fakeApi({ 'runs.steps': () => steps });
    renderWithApi(<RunCurves epochs={[]} live={new LiveRunStore(0)} runId={7} />, api);
    const canvas = await screen.findByLabelText(/Training loss per step: 4 points, latest 0\.500/);
    expect(canvas.getAttribute('data-points')).toBe('4');
    expect(api.calls).toContainEqual({ method: 'runs.steps', params: { id: 7 } });
  });

  it('continues the stored steps with the streamed ones, without repeating them', async () => {
    const live = new LiveRunStore(0);
    // Streamed from step 3 on (the page opened mid-epoch): stored 1–2 and streamed 3–5.
    for (const step of [3, 4, 5])
      live.record(7, {
        epoch: step > 4 ? 2 : 1,
        step: step > 4 ? 1 : step,
        stepsPerEpoch: 4,
        loss: 0.1 * step,
        accuracy: 0.5,
        samplesPerSec: 1,
        etaSeconds: 1,
      });
    await new Promise((r) => setTimeout(r, 5));
    renderWithApi(
      <RunCurves epochs={[]} live={live} runId={7} />,
      fakeApi({ 'runs.steps': () => steps }),
    );
    await waitFor(() =>
      expect(
        screen.getByLabelText(/Training loss per step: \d+ points/).getAttribute('data-points'),
      ).toBe('5'),
    );
  });
});
