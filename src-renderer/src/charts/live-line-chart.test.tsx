// @vitest-environment jsdom
import { cleanup, configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, renderWithApi } from '../test/render';
import { LiveLineChart } from './LiveLineChart';

configure({ asyncUtilTimeout: 10_000 });

// The live chart draws on a canvas; its export goes through Plotly like every chart's. The
// stand-in records the figure toImage is asked to draw and answers an SVG.
const images: { figure: { data: Record<string, unknown>[]; layout: Record<string, unknown> } }[] =
  [];
vi.mock('./plotly-loader', () => ({
  loadPlotly: async () => ({
    toImage: async (figure: (typeof images)[number]['figure']) => {
      images.push({ figure });
      return `data:image/svg+xml,${encodeURIComponent('<svg width="400" height="300"></svg>')}`;
    },
  }),
}));

const saved: Blob[] = [];
beforeEach(() => {
  images.length = 0;
  saved.length = 0;
  localStorage.setItem('avlab.figureExport', JSON.stringify({ format: 'svg' }));
  URL.createObjectURL = (blob: Blob) => {
    saved.push(blob);
    return 'blob:x';
  };
  URL.revokeObjectURL = () => {};
  HTMLCanvasElement.prototype.getContext = (() => null) as never;
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('live line chart', () => {
  it('exports the series it shows through the figure dialog, as every chart does', async () => {
    renderWithApi(
      <LiveLineChart
        title="Training loss per step"
        x={[1, 2, 3]}
        series={[{ name: 'loss', y: [2, 1, 0.5], color: '#1f77b4', width: 2 }]}
        xLabel="step"
      />,
      fakeApi({}),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Export Training loss per step' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByTestId('figure-save'));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(images[0]!.figure.data).toEqual([
      expect.objectContaining({ name: 'loss', x: [1, 2, 3], y: [2, 1, 0.5], mode: 'lines' }),
    ]);
    expect(images[0]!.figure.layout).toMatchObject({
      xaxis: { title: { text: 'step' } },
      paper_bgcolor: '#fff',
    });
    expect(saved[0]!.type).toBe('image/svg+xml');
  });
});
