// @vitest-environment jsdom
import { buildResultsTable } from '@shared/report/results-table';
import { fakeEvaluation, fakeRun } from '@shared/report/testing';
import { cleanup, configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { PNG } from 'pngjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readPngDpi } from '../../charts/png-dpi';
import { fakeApi, renderWithApi } from '../../test/render';
import { ResultCharts } from './ResultCharts';

// Plotly does not run in jsdom: a stand-in records what each chart draws and what an export
// asks toImage for, and answers a real (tiny) PNG.
const drawn = new Map<
  HTMLElement,
  { data: Record<string, unknown>[]; layout: Record<string, unknown> }
>();
const images: {
  figure: { layout: Record<string, unknown> };
  options: Record<string, number | string>;
}[] = [];
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
    toImage: async (
      figure: { layout: Record<string, unknown> },
      options: Record<string, number | string>,
    ) => {
      images.push({ figure, options });
      const png = new PNG({ width: 2, height: 2 });
      return `data:image/png;base64,${PNG.sync.write(png).toString('base64')}`;
    },
  }),
}));

// Generous waits: several test processes share this machine's two cores.
configure({ asyncUtilTimeout: 10_000 });
const saved: Blob[] = [];
beforeEach(() => {
  drawn.clear();
  images.length = 0;
  saved.length = 0;
  localStorage.clear();
  URL.createObjectURL = (blob: Blob) => {
    saved.push(blob);
    return 'blob:x';
  };
  URL.revokeObjectURL = () => {};
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const backbone = fakeRun(1, 'backbone', 'ft', 'complete', 0);
const at = (c: Parameters<typeof fakeEvaluation>[1], accuracy: number, missingRate: number) => ({
  ...fakeEvaluation(1, c, accuracy),
  missingRate,
});
const table = buildResultsTable(
  [backbone],
  [
    at('noisy_audio', 0.91, 1),
    at('noisy_audio', 0.93, 0.5),
    at('missing_visual', 0.92, 1),
    at('missing_visual', 0.94, 0.5),
  ],
);

/** jsdom's Blob has no arrayBuffer(); FileReader has. */
function blobBytes(blob: Blob): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error);
    reader.readAsArrayBuffer(blob);
  });
}

function setup() {
  renderWithApi(<ResultCharts table={table} metricLabel="accuracy" numClasses={10} />, fakeApi({}));
}
const chart = (testId: string) => {
  const el = screen.getByTestId(testId).querySelector('[role="img"]') as HTMLElement;
  return () => drawn.get(el)!;
};

describe('compare charts', () => {
  it('fit the y-axis to the results and say that chance lies below it; "From 0" shows all', async () => {
    setup();
    const bars = chart('chart-grouped-bars');
    await waitFor(() => expect(bars()).toBeDefined());
    expect(bars().layout.yaxis).toMatchObject({ range: [0.89, 0.96] });
    expect(JSON.stringify(bars().layout.annotations)).toContain(
      'chance (1/10 = 0.100) below the axis',
    );
    fireEvent.click(within(screen.getByTestId('chart-grouped-bars')).getByText('From 0'));
    await waitFor(() => expect(bars().layout.yaxis).toMatchObject({ range: [0, 1] }));
    expect(bars().layout.shapes).toEqual([expect.objectContaining({ y0: 0.1 })]);
  });

  it('facet the η chart per case, or show the one case chosen', async () => {
    setup();
    const eta = chart('chart-missing-rate');
    await waitFor(() => expect(eta()).toBeDefined());
    expect(eta().data.map((t) => t.xaxis)).toEqual(['x', 'x2']);
    fireEvent.click(screen.getByTestId('eta-case'));
    fireEvent.click(await screen.findByRole('option', { name: 'Missing visual', hidden: true }));
    await waitFor(() => expect(eta().data).toHaveLength(1));
    expect(eta().data[0]!.y).toEqual([0.94, 0.92]);
  });

  it('export a chart at the size, DPI and font asked for, as a PNG that records its DPI', async () => {
    setup();
    fireEvent.click(screen.getByRole('button', { name: 'Export accuracy per case' }));
    const dialog = await screen.findByRole('dialog');
    const field = (testId: string, value: string) =>
      fireEvent.change(within(dialog).getByTestId(testId), { target: { value } });
    field('figure-width', '120');
    field('figure-height', '80');
    field('figure-dpi', '600');
    field('figure-font-size', '9');
    fireEvent.click(within(dialog).getByTestId('figure-font'));
    fireEvent.click(await screen.findByRole('option', { name: 'Times', hidden: true }));
    // 120 × 80 mm at 600 DPI = 2835 × 1890 pixels.
    await waitFor(() =>
      expect(within(dialog).getByTestId('figure-size-summary').textContent).toContain(
        '2835 × 1890 pixels, 120.0 × 80.0 mm at 600 DPI',
      ),
    );
    fireEvent.click(within(dialog).getByTestId('figure-save'));
    await waitFor(() => expect(saved).toHaveLength(1));
    // Laid out at 96 px per inch (120 mm ≈ 453.5 px), scaled by 600 / 96 to exactly the pixels,
    // black on white in 9 pt (12 px) Times.
    const { width, height, scale } = images[0]!.options as Record<string, number>;
    expect(images[0]!.options.format).toBe('png');
    expect(scale).toBe(6.25);
    expect([Math.trunc(width! * scale!), Math.trunc(height! * scale!)]).toEqual([2835, 1890]);
    expect(width).toBeCloseTo((120 / 25.4) * 96, 0);
    expect(images[0]!.figure.layout).toMatchObject({
      width,
      height,
      paper_bgcolor: '#fff',
      font: { family: '"Times New Roman", Times, serif', size: 12 },
      yaxis: { range: [0.89, 0.96] },
    });
    const bytes = await blobBytes(saved[0]!);
    expect(readPngDpi(bytes)).toBe(600);
    expect(saved[0]!.type).toBe('image/png');
    // Remembered for the next figure.
    expect(JSON.parse(localStorage.getItem('avlab.figureExport')!)).toMatchObject({
      width: 120,
      dpi: 600,
      fontFamily: 'Times',
    });
  });
});
