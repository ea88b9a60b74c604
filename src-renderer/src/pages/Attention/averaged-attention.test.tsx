// @vitest-environment jsdom
import type { AveragedAttention as Averaged } from '@shared/domain/attention-average';
import { fakeRun } from '@shared/report/testing';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, renderWithApi } from '../../test/render';
import { AveragedAttention } from './AveragedAttention';

// Plotly does not run in jsdom: a stand-in records what each chart draws.
const drawn = new Map<
  HTMLElement,
  { data: Record<string, unknown>[]; layout: Record<string, unknown> }
>();
vi.mock('../../charts/plotly-loader', () => ({
  loadPlotly: async () => ({
    react: async (
      el: HTMLElement,
      data: Record<string, unknown>[],
      layout: Record<string, unknown>,
    ) => {
      drawn.set(el, { data, layout });
    },
    purge: () => {},
  }),
}));
beforeEach(() => drawn.clear());
afterEach(cleanup);

const backbone = fakeRun(1, 'backbone', 'ft', 'complete', 0);
const pl = { ...fakeRun(2, 'adapt', 'pl', 'noisy_audio', 0), parentRunId: 1 };

/** One fusion block; FT has no prompt keys (2 token keys), PL one prompt key first. */
function averaged(id: number, classIndex: number | null): Averaged {
  const prompts = id === pl.id ? 1 : 0;
  const mean = id === pl.id ? [0.6, 0.1, 0.3, 0.2, 0.5, 0.3] : [0.45, 0.55, 0.9, 0.1];
  const map = (direction: 'audio_to_visual' | 'visual_to_audio') => ({
    block: 0,
    direction,
    heads: 2,
    queries: 2,
    keys: 2 + prompts,
    promptKeys: prompts,
    mean,
    promptShareByHead: [prompts * 0.3, prompts * 0.5],
    shares: { prompts: prompts * 0.4, tokens: 1 - prompts * 0.4 },
  });
  return {
    runId: id,
    case: 'noisy_audio',
    prompting: 'situation',
    classIndex,
    samples: classIndex === null ? 20 : 2,
    matching: classIndex === null ? 30 : 2,
    audioGrid: [1, 2],
    visualGrid: [1, 2],
    maps: [map('audio_to_visual'), map('visual_to_audio')],
    promptShare: { audioToVisual: prompts * 0.4, visualToAudio: prompts * 0.4 },
  };
}

function setup(run = pl) {
  const api = fakeApi({
    'runs.attentionAverage': (p) => averaged(p.id, p.classIndex ?? null),
  });
  renderWithApi(
    <AveragedAttention
      run={run}
      done={[backbone, pl]}
      testCase="noisy_audio"
      prompting="situation"
      classes={['zero', 'one']}
    />,
    api,
  );
  return api;
}
const chart = (testId: string) => {
  const el = screen.getByTestId(testId).querySelector('[role="img"]') as HTMLElement;
  return () => drawn.get(el);
};

describe('attention averaged over the test set, FT beside PL', () => {
  it('asks for the backbone (FT) and the PL run on the case, and draws both maps on one colour scale', async () => {
    const api = setup();
    await screen.findByTestId('average-heatmap-pl');
    expect(api.calls.map((c) => c.params)).toEqual([
      { id: 1, case: 'noisy_audio', prompting: 'situation', maxSamples: 256 },
      { id: 2, case: 'noisy_audio', prompting: 'situation', maxSamples: 256 },
    ]);
    const ft = chart('average-heatmap-ft');
    const plMap = chart('average-heatmap-pl');
    await waitFor(() => expect(ft() && plMap()).toBeTruthy());
    // The largest weight of either map (0.9, FT's) tops both scales.
    expect(ft()!.data[0]).toMatchObject({
      zmin: 0,
      zmax: 0.9,
      z: [
        [0.45, 0.55],
        [0.9, 0.1],
      ],
    });
    expect(plMap()!.data[0]).toMatchObject({ zmin: 0, zmax: 0.9 });
    // PL's prompt column is set apart by a line.
    expect(plMap()!.layout.shapes).toEqual([expect.objectContaining({ x0: 0.5, x1: 0.5 })]);
    expect(screen.getByTestId('average-status-pl').textContent).toContain(
      'PL run #2 (Noisy audio): 20 test samples (of 30); on prompts 40.0 % audio → visual',
    );
  });

  it('bars the share on prompts per block, FT at 0, and tables it per key group', async () => {
    setup();
    await screen.findByTestId('chart-average-prompt-share');
    const bars = chart('chart-average-prompt-share');
    await waitFor(() => expect(bars()?.data).toHaveLength(2));
    expect(bars()!.data.map((t) => [t.name, t.y])).toEqual([
      ['FT', [0, 0]],
      ['PL', [0.4, 0.4]],
    ]);
    const rows = within(screen.getByTestId('attention-average-groups')).getAllByRole('row');
    expect(rows.map((r) => r.textContent)).toContain('PL0audio → visual40.0 %60.0 %');
  });

  it('averages one class when asked, for both sides', async () => {
    const api = setup();
    await screen.findByTestId('average-heatmap-pl');
    fireEvent.click(screen.getByTestId('attention-average-class'));
    fireEvent.click(await screen.findByRole('option', { name: 'one', hidden: true }));
    await waitFor(() =>
      expect(screen.getByTestId('average-status-pl').textContent).toContain('2 test samples;'),
    );
    expect(api.calls.slice(2).map((c) => c.params)).toEqual([
      { id: 1, case: 'noisy_audio', prompting: 'situation', maxSamples: 256, classIndex: 1 },
      { id: 2, case: 'noisy_audio', prompting: 'situation', maxSamples: 256, classIndex: 1 },
    ]);
  });

  it('offers the shared figure export on every chart', async () => {
    setup();
    await screen.findByTestId('average-heatmap-pl');
    expect(
      screen.getByRole('button', { name: /^Export PL: audio → visual, block 0/ }),
    ).toBeTruthy();
    expect(
      screen.getByRole('button', {
        name: /^Export Share of attention on prompts per fusion block/,
      }),
    ).toBeTruthy();
  });

  it('says what to pick for a run with no FT/PL pair', () => {
    const api = setup({ ...pl, method: 'lora' });
    expect(screen.getByText(/compares FT with PL: pick an FT or a PL run/)).toBeTruthy();
    expect(api.calls).toEqual([]);
  });
});
