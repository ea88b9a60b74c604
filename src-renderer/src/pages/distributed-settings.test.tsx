// @vitest-environment jsdom
import type { Settings } from '@shared/api/methods/app';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi, renderWithApi } from '../test/render';
import { DistributedSettings } from './DistributedSettings';

afterEach(cleanup);

const settings: Settings = {
  theme: 'auto',
  backendOverride: null,
  concurrency: 1,
  cores: null,
  ffmpegPath: null,
  ffprobePath: null,
  queueUrl: 'redis://lab:***@gpu-1:6379',
};

describe('Settings: distributed sweeps', () => {
  it('lists the live workers with backend, cores, memory and runs, and saves a changed URL', async () => {
    const saved: unknown[] = [];
    renderWithApi(
      <DistributedSettings settings={settings} save={(patch) => saved.push(patch)} />,
      fakeApi({
        'distributed.workers': () => ({
          queue: 'redis://lab:***@gpu-1:6379',
          error: null,
          workers: [
            {
              id: 'gpu-1-100-abc',
              host: 'gpu-1',
              pid: 100,
              backend: 'tensorflow-gpu',
              cores: 32,
              memoryBytes: 64 * 2 ** 30,
              concurrency: 2,
              running: [7],
              startedAt: '2026-01-01T00:00:00Z',
              seenAt: '2026-01-01T00:00:05Z',
            },
          ],
        }),
      }),
    );
    const table = await screen.findByRole('table', { name: 'Live workers' });
    const row = within(table).getByText('gpu-1').closest('tr')!;
    expect(row.textContent).toBe('gpu-1tensorflow-gpu3264.0 GiB#7 (2 at once)');

    const input = screen.getByLabelText('Queue URL') as HTMLInputElement;
    expect(input.value).toBe('redis://lab:***@gpu-1:6379');
    fireEvent.blur(input);
    expect(saved).toEqual([]);
    fireEvent.change(input, { target: { value: ' redis://gpu-2:6379 ' } });
    fireEvent.blur(input);
    expect(saved).toEqual([{ queueUrl: 'redis://gpu-2:6379' }]);
  });

  it('says why there are no workers when the queue cannot be reached', async () => {
    renderWithApi(
      <DistributedSettings settings={settings} save={() => {}} />,
      fakeApi({
        'distributed.workers': () => ({
          queue: 'redis://lab:***@gpu-1:6379',
          error: 'Redis is unavailable at redis://lab:***@gpu-1:6379: connect ECONNREFUSED',
          workers: [],
        }),
      }),
    );
    await waitFor(() => expect(screen.getByText(/Redis is unavailable/)).toBeTruthy());
    expect(screen.getByText('No worker is connected.')).toBeTruthy();
  });
});
