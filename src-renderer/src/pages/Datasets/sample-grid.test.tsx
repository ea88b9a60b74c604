// @vitest-environment jsdom
import type { SampleListItem } from '@shared/api/methods/datasets';
import { cleanup, configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fakeApi, renderWithApi } from '../../test/render';
import { CARD_HEIGHT } from './SampleCard';
import { SampleGrid } from './SampleGrid';

afterEach(cleanup);
// Generous waits: several test processes share this machine's two cores.
configure({ asyncUtilTimeout: 10_000 });

// jsdom lays nothing out: give every element a viewport of 700 px so the virtualiser has rows
// to show (4 columns, the grid's unmeasured default).
// (jsdom defines both on Element.prototype; the override on HTMLElement.prototype is removed after.)
const sizes = ['clientHeight', 'clientWidth'] as const;
beforeAll(() => {
  for (const p of sizes)
    Object.defineProperty(HTMLElement.prototype, p, {
      configurable: true,
      get: () => (p === 'clientHeight' ? 700 : 960),
    });
});
afterAll(() => {
  for (const p of sizes) Reflect.deleteProperty(HTMLElement.prototype, p);
});

const CLASSES = ['dog', 'siren', 'rain'];
const ALL: SampleListItem[] = Array.from({ length: 1200 }, (_, index) => ({
  index,
  id: `/data/clips/c${index}.wav|/data/frames/f${index}.jpg`,
  title: `c${index}.wav + f${index}.jpg`,
  label: index % 3,
  className: CLASSES[index % 3]!,
  split: index % 10 === 0 ? 'test' : 'train',
}));

function setup() {
  const api = fakeApi({
    'datasets.samples': ({ split, label, offset = 0, limit = 60 }) => {
      const items = ALL.filter(
        (s) =>
          (split === undefined || s.split === split) && (label === undefined || s.label === label),
      );
      return { total: items.length, items: items.slice(offset, offset + limit) };
    },
    'datasets.thumbnails': ({ indices }) => ({
      items: indices.map((index) => ({
        index,
        imagePng: `data:image/png;base64,i${index}`,
        spectrogramPng: `data:image/png;base64,s${index}`,
      })),
    }),
  });
  renderWithApi(<SampleGrid datasetId="av" classes={CLASSES} />, api);
  return api;
}

const calls = (api: ReturnType<typeof setup>, method: string) =>
  api.calls.filter((c) => c.method === method).map((c) => c.params as Record<string, unknown>);
const requestedThumbnails = (api: ReturnType<typeof setup>) =>
  calls(api, 'datasets.thumbnails').flatMap((p) => p.indices as number[]);

describe('sample grid', () => {
  it('renders only the rows on screen of 1,200 samples, with file names and thumbnails', async () => {
    const api = setup();
    await screen.findByText('1200 samples');
    const cards = await screen.findAllByTestId('sample-card');
    // 700 px of 178 px rows, plus overscan: a handful of rows of 4, not 1,200 cards.
    expect(cards.length).toBeGreaterThanOrEqual(16);
    expect(cards.length).toBeLessThanOrEqual(32);
    expect(cards[0]!.getAttribute('aria-label')).toBe('Open sample c0.wav + f0.jpg (dog, test)');
    expect(within(cards[0]!).getByText('c0.wav + f0.jpg')).toBeTruthy();
    await waitFor(() =>
      expect(screen.getAllByTestId('sample-thumbnail')).toHaveLength(cards.length),
    );
    expect(screen.getAllByTestId('sample-strip')).toHaveLength(cards.length);
    // One call for the cards on screen, none for the rest.
    expect(calls(api, 'datasets.thumbnails')).toHaveLength(1);
    expect(requestedThumbnails(api)).toEqual(cards.map((_, i) => i));
    expect(calls(api, 'datasets.samples')).toEqual([
      expect.objectContaining({ offset: 0, limit: 200 }),
    ]);
  });

  it('loads the list chunk and thumbnails of rows scrolled to, and none twice on the way back', async () => {
    const api = setup();
    await screen.findAllByTestId('sample-card');
    await waitFor(() => expect(calls(api, 'datasets.thumbnails')).toHaveLength(1));
    const region = screen.getByRole('region', { name: 'Samples' });
    // Row 60 holds samples 240..243: the second chunk of 200.
    region.scrollTop = 60 * CARD_HEIGHT;
    fireEvent.scroll(region);
    await screen.findByLabelText('Open sample c240.wav + f240.jpg (dog, test)');
    expect(calls(api, 'datasets.samples').map((p) => p.offset)).toContain(200);
    await waitFor(() => expect(requestedThumbnails(api)).toContain(240));
    const before = requestedThumbnails(api).length;
    region.scrollTop = 0;
    fireEvent.scroll(region);
    await screen.findByLabelText('Open sample c0.wav + f0.jpg (dog, test)');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(requestedThumbnails(api)).toHaveLength(before);
    expect(new Set(requestedThumbnails(api)).size).toBe(before);
  });

  it('filters by split and class through the API and counts what matches', async () => {
    const api = setup();
    await screen.findByText('1200 samples');
    fireEvent.click(screen.getByTestId('filter-class'));
    fireEvent.click(await screen.findByRole('option', { name: 'siren', hidden: true }));
    await screen.findByText('400 samples');
    expect(calls(api, 'datasets.samples').at(-1)).toMatchObject({ label: 1, offset: 0 });
    fireEvent.click(screen.getByTestId('filter-split'));
    fireEvent.click(await screen.findByRole('option', { name: 'test', hidden: true }));
    // Test samples are every 10th; siren is index % 3 = 1: indices 10, 40, 70, … = 40 samples.
    await screen.findByText('40 samples');
    const cards = await screen.findAllByTestId('sample-card');
    expect(cards[0]!.getAttribute('aria-label')).toBe(
      'Open sample c10.wav + f10.jpg (siren, test)',
    );
  });
});
