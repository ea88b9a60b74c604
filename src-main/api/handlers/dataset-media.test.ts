import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempHome } from '../../../tests/helpers/temp-home';
import { spectrogramStrip } from '../../data/thumbnails';
import { dispatch } from '../dispatch';
import { type ApiRuntime, startApiRuntime } from '../runtime';

// The dataset browser's pictures: card thumbnails (from the cache, or decoded without one) and
// the whole clip's log-mel with the frames the model sees.
const home = tempHome('avlab-dataset-media-');
const OWN = { audioFrames: 20, melBins: 16, imageSize: 8 };
let runtime: ApiRuntime;
let cached: string;
let uncached: string;

async function call<T>(method: string, params: unknown): Promise<T> {
  const envelope = await dispatch(runtime.handlers, method, params);
  if (!envelope.ok) throw new Error(`${envelope.error.kind}: ${envelope.error.message}`);
  return envelope.result as T;
}

const decode = (dataUrl: string) =>
  PNG.sync.read(Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64'));

interface Thumbnails {
  items: { index: number; imagePng: string | null; spectrogramPng: string | null }[];
}
interface Preview {
  spectrogram: { frames: number; melBins: number; values: number[] };
  imagePng: string;
}
interface Clip {
  frames: number;
  clipFrames: number;
  melBins: number;
  values: number[];
  normalisedBy: string;
  modelFrames: number;
  frameShiftMs: number;
  durationSeconds: number;
}

beforeAll(async () => {
  runtime = startApiRuntime({ home: home.dir, transport: 'cli', startQueue: false });
  const options = { samplesPerClass: 3, features: OWN };
  cached = (await call<{ datasetId: string }>('datasets.import', { kind: 'demo', options }))
    .datasetId;
  uncached = (
    await call<{ datasetId: string }>('datasets.import', {
      kind: 'demo',
      options: { ...options, seed: 5 },
      computeFeatures: false,
    })
  ).datasetId;
}, 120_000);

afterAll(async () => {
  await runtime?.close();
  home.remove();
});

describe('datasets.thumbnails', () => {
  it('draws the cached image the model sees and a strip of its log-mel, in the order asked', async () => {
    const { items } = await call<Thumbnails>('datasets.thumbnails', {
      id: cached,
      indices: [3, 0],
    });
    expect(items.map((t) => t.index)).toEqual([3, 0]);
    const preview = await call<Preview>('datasets.preview', {
      id: cached,
      index: 3,
      case: 'complete',
    });
    // The thumbnail is the preview's (de-normalised) image, pixel for pixel.
    expect(decode(items[0]!.imagePng!).data).toEqual(decode(preview.imagePng).data);
    const strip = decode(items[0]!.spectrogramPng!);
    expect([strip.width, strip.height]).toEqual([20, 16]);
    // Same picture as the strip drawn from the preview's (rounded) values, within rounding.
    const expected = spectrogramStrip(preview.spectrogram.values, 20, 16);
    for (let p = 0; p < 20 * 16; p++) {
      for (let c = 0; c < 3; c++)
        expect(Math.abs(strip.data[p * 4 + c]! - expected.data[p * 3 + c]!)).toBeLessThanOrEqual(2);
    }
  });

  it('decodes the image when no cache is built, without building one, and draws no strip', async () => {
    const { items } = await call<Thumbnails>('datasets.thumbnails', {
      id: uncached,
      indices: [1],
    });
    expect(items[0]!.spectrogramPng).toBeNull();
    expect(decode(items[0]!.imagePng!).width).toBeGreaterThan(0);
    const inspection = await call<{ features?: unknown }>('datasets.inspect', { id: uncached });
    expect(inspection.features).toBeUndefined();
  });

  it('refuses an index past the dataset as not found, naming the sample', async () => {
    await expect(call('datasets.thumbnails', { id: cached, indices: [0, 9999] })).rejects.toThrow(
      /not_found: .*9999/,
    );
  });
});

describe('datasets.clip', () => {
  it('is the whole clip, and its first modelFrames frames are exactly the model input', async () => {
    const clip = await call<Clip>('datasets.clip', { id: cached, index: 2 });
    const preview = await call<Preview>('datasets.preview', {
      id: cached,
      index: 2,
      case: 'complete',
    });
    expect(clip.normalisedBy).toBe('dataset');
    expect(clip.modelFrames).toBe(20);
    expect(clip.frameShiftMs).toBe(10);
    expect(clip.melBins).toBe(16);
    expect(clip.frames).toBe(clip.clipFrames);
    // A demo clip lasts longer than the 0.2 s the model sees: there is more to draw.
    expect(clip.frames).toBeGreaterThan(20);
    expect(clip.frames).toBe(Math.floor((clip.durationSeconds * 1000 - 25) / 10) + 1);
    const seen = clip.values.slice(0, 20 * 16);
    // Two decimals here, three in the preview: equal up to that rounding.
    const deviation = Math.max(...seen.map((v, i) => Math.abs(v - preview.spectrogram.values[i]!)));
    expect(deviation).toBeLessThanOrEqual(0.0051);
  });

  it('normalises by the clip itself when the dataset has no cache yet', async () => {
    const clip = await call<Clip>('datasets.clip', { id: uncached, index: 0 });
    expect(clip.normalisedBy).toBe('clip');
    const mean = clip.values.reduce((a, b) => a + b, 0) / clip.values.length;
    expect(Math.abs(mean)).toBeLessThan(0.01);
  });
});

describe('spectrogram strip', () => {
  it('averages cells and puts low mel bins at the bottom', () => {
    // 4 frames × 4 bins, bins 0–1 at +3 (top of the colour map), bins 2–3 at −3; 2 × 2 cells.
    const values = Array.from({ length: 16 }, (_, i) => (i % 4 < 2 ? 3 : -3));
    const strip = spectrogramStrip(values, 4, 4);
    expect([strip.width, strip.height]).toEqual([4, 4]);
    // Bottom row = bin 0 = bright end; top row = bin 3 = dark end.
    expect(Array.from(strip.data.subarray(12 * 3, 12 * 3 + 3))).toEqual([252, 253, 191]);
    expect(Array.from(strip.data.subarray(0, 3))).toEqual([0, 0, 4]);
  });
});
