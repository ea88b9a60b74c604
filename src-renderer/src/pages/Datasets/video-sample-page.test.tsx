// @vitest-environment jsdom
import type { SampleView } from '@shared/api/methods/datasets';
import { cleanup, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, expect, it } from 'vitest';
import { Route } from 'wouter';
import { fakeApi, renderWithApi } from '../../test/render';
import { SamplePage } from './SamplePage';

afterEach(cleanup);
beforeAll(() => {
  HTMLCanvasElement.prototype.getContext = (() => null) as never;
});

const frame = (seconds: number) => ({ src: `data:image/jpeg;base64,${seconds}`, seconds });

/** An AudioSet-style clip: three labels, five frames, kept without an audio track. */
const sample: SampleView = {
  index: 0,
  id: '-0DdlOuIFUI_0',
  title: '-0DdlOuIFUI_0',
  label: 0,
  className: 'Animal',
  classNames: ['Animal', 'Dog', 'Speech'],
  split: 'train',
  audioWav: 'data:audio/wav;base64,',
  sampleRate: 16000,
  durationSeconds: 10,
  imagePng: 'data:image/png;base64,',
  imageWidth: 64,
  imageHeight: 48,
  frames: [1, 3, 5, 7, 9].map(frame),
  audioMissing: true,
};

function setup(view: SampleView) {
  renderWithApi(
    <Route path="/datasets/:id/samples/:index">
      <SamplePage />
    </Route>,
    fakeApi({
      'datasets.sample': () => view,
      'datasets.clip': () => {
        throw new Error('not needed here');
      },
      'datasets.preview': () => {
        throw new Error('not needed here');
      },
    }),
    '/datasets/as/samples/0',
  );
}

it('shows every label of a multi-label sample in its title', async () => {
  setup(sample);
  const title = await screen.findByRole('heading', { level: 2 });
  await waitFor(() => expect(title.textContent).toBe('Animal, Dog, Speech · -0DdlOuIFUI_0'));
});

it('shows a video sample’s frames in time order, and that its audio is a silent stand-in', async () => {
  setup(sample);
  const strip = await screen.findByTestId('video-frames');
  const images = [...strip.querySelectorAll('img')];
  expect(images.map((img) => img.getAttribute('alt'))).toEqual(
    [1, 3, 5, 7, 9].map((s, i) => `Frame ${i + 1} of 5 of -0DdlOuIFUI_0 at ${s.toFixed(2)} s`),
  );
  expect(screen.queryByTestId('sample-image')).toBeNull();
  expect(screen.getByTestId('audio-missing').textContent).toMatch(/no audio track/);
});

it('shows the single image of a sample without frames, and no silent-audio note', async () => {
  const { frames: _, audioMissing: __, classNames: ___, ...plain } = sample;
  setup(plain);
  await screen.findByTestId('sample-image');
  expect(screen.queryByTestId('video-frames')).toBeNull();
  expect(screen.queryByTestId('audio-missing')).toBeNull();
});
