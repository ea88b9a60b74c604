// @vitest-environment jsdom
import type {
  ClipSpectrogram,
  SamplePreviewResult,
  SampleView,
} from '@shared/api/methods/datasets';
import { cleanup, configure, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Route } from 'wouter';
import { fakeApi, renderWithApi } from '../../test/render';
import { SamplePage } from './SamplePage';

afterEach(cleanup);
// Generous waits: several test processes share this machine's two cores.
configure({ asyncUtilTimeout: 10_000 });
// jsdom has no 2-D canvas; the figures' axes, marks and colour bars are what is checked here.
beforeAll(() => {
  HTMLCanvasElement.prototype.getContext = (() => null) as never;
});

const MEL = 8;
const sample: SampleView = {
  index: 3,
  id: '/data/av/clips/siren_0042.wav|/data/av/frames/street_17.jpg',
  title: 'siren_0042.wav + street_17.jpg',
  label: 1,
  className: 'siren',
  split: 'test',
  audioWav: 'data:audio/wav;base64,',
  sampleRate: 16000,
  durationSeconds: 4,
  imagePng: 'data:image/png;base64,',
  imageWidth: 64,
  imageHeight: 64,
};

/** A clip of `frames` at 10 ms; the model sees the first 128 (1.28 s). */
const clip = (frames: number, modelFrames: number): ClipSpectrogram => ({
  index: 3,
  durationSeconds: frames / 100,
  frameShiftMs: 10,
  frames,
  clipFrames: frames,
  melBins: MEL,
  values: Array.from({ length: frames * MEL }, (_, i) => (i % 7) - 3),
  normalisedBy: 'dataset',
  modelFrames,
});

const preview = (testCase: SamplePreviewResult['case'], scale: number): SamplePreviewResult => ({
  index: 3,
  case: testCase,
  className: 'siren',
  // Clean values span −2..2; the corrupted ones twice that, so their own ranges would differ.
  spectrogram: {
    frames: 128,
    melBins: MEL,
    values: Array.from({ length: 128 * MEL }, (_, i) => ((i % 5) - 2) * scale),
  },
  imagePng: 'data:image/png;base64,',
  shape: { audioFrames: 128, melBins: MEL, imageSize: 64, imageChannels: 3 },
  audioApplied: testCase === 'complete' ? null : 'gaussian',
  visualApplied: testCase === 'complete' ? null : 'blur',
});

function setup(clipFrames = 400) {
  const api = fakeApi({
    'datasets.sample': () => sample,
    'datasets.clip': () => clip(clipFrames, 128),
    'datasets.preview': (p) => preview(p.case, p.case === 'complete' ? 1 : 2),
  });
  renderWithApi(
    <Route path="/datasets/:id/samples/:index">
      <SamplePage />
    </Route>,
    api,
    '/datasets/av/samples/3',
  );
  return api;
}

describe('sample page', () => {
  it('is titled by class and file names, not by the audio|image id', async () => {
    setup();
    const title = await screen.findByRole('heading', { level: 2 });
    await waitFor(() => expect(title.textContent).toBe('siren · siren_0042.wav + street_17.jpg'));
  });

  it('marks the seconds the model sees on the whole clip and under the player', async () => {
    setup();
    const text = await screen.findByTestId('model-span-text');
    expect(text.textContent).toContain(
      'The model sees 0.00–1.28 s of this 4.00 s clip (its first 1.28 s; the rest is cropped).',
    );
    const figure = screen.getByTestId('clip-spectrogram');
    expect(figure.querySelector('[data-seconds]')!.getAttribute('data-seconds')).toBe('4.000');
    const outlined = within(figure).getByTestId('spectrogram-span');
    expect([outlined.getAttribute('data-from'), outlined.getAttribute('data-to')]).toEqual([
      '0.000',
      '1.280',
    ]);
    expect(screen.getByTestId('model-span-mark').getAttribute('data-seconds')).toBe('1.280');
    expect(
      screen.getByRole('button', { name: /Play what the model hears \(1\.28 s\)/ }),
    ).toBeTruthy();
    expect(screen.getAllByText('time (s)').length).toBeGreaterThan(0);
  });

  it('says a short clip is padded, and outlines all of it', async () => {
    setup(80);
    const text = await screen.findByTestId('model-span-text');
    expect(text.textContent).toContain('padded with silence to 1.28 s');
    const clipFigure = screen.getByTestId('clip-spectrogram');
    expect(within(clipFigure).getByTestId('spectrogram-span').getAttribute('data-to')).toBe(
      '0.800',
    );
    // In the model's input, the padding after the clip is dimmed in both preview figures.
    for (const testId of ['preview-clean-spectrogram', 'preview-corrupted-spectrogram']) {
      const figure = await screen.findByTestId(testId);
      expect(within(figure).getByTestId('spectrogram-span').getAttribute('data-to')).toBe('0.800');
    }
  });

  it('draws the clean and the corrupted log-mel at the same size on one colour scale', async () => {
    setup();
    const clean = await screen.findByTestId('preview-clean-spectrogram');
    const corrupted = await screen.findByTestId('preview-corrupted-spectrogram');
    const scale = (el: HTMLElement) =>
      el.querySelector('[data-testid="colour-bar"]')!.getAttribute('aria-label');
    // The clean input's range (−2..2), not each one's own (the corrupted spans −4..4).
    expect(scale(clean)).toBe('Colour scale from -2.00 to 2.00 σ');
    expect(scale(corrupted)).toBe(scale(clean));
    expect(corrupted.getAttribute('data-seconds')).toBe(clean.getAttribute('data-seconds'));
    expect(corrupted.style.gridTemplateRows).toBe(clean.style.gridTemplateRows);
    expect(corrupted.style.gridTemplateColumns).toBe(clean.style.gridTemplateColumns);
  });
});
