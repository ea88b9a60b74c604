import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempHome } from '../../../tests/helpers/temp-home';
import { DatasetLibrary } from '../../data/library';
import { dispatch } from '../dispatch';
import { type ApiRuntime, startApiRuntime } from '../runtime';

// The API options the CLI's dataset commands need: --no-features at import, and feature
// settings given at view time (inspect, preview) over the dataset's own.
const home = tempHome('avlab-datasets-view-');
const OWN = { audioFrames: 20, melBins: 16, imageSize: 8 };
let runtime: ApiRuntime;
let datasetId: string;
const stages: string[] = [];

async function call<T>(method: string, params: unknown): Promise<T> {
  const envelope = await dispatch(runtime.handlers, method, params);
  if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
  return envelope.result as T;
}

interface Inspection {
  features?: { audioShape: number[]; imageShape: number[] };
}
interface Preview {
  spectrogram: { frames: number; melBins: number; values: number[] };
  spectrogramPng?: string;
  imagePng: string;
  shape: { audioFrames: number; melBins: number; imageSize: number };
}

/** Width and height from a PNG data URL's IHDR chunk. */
function pngSize(dataUrl: string): [number, number] {
  const png = Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
}

beforeAll(async () => {
  runtime = startApiRuntime({ home: home.dir, transport: 'cli', startQueue: false });
  runtime.ctx.events.subscribe((e) => {
    if (e.type === 'dataset.progress') stages.push(e.stage);
  });
  datasetId = (
    await call<{ datasetId: string }>('datasets.import', {
      kind: 'demo',
      options: { samplesPerClass: 3, features: OWN },
    })
  ).datasetId;
}, 120_000);

afterAll(async () => {
  await runtime?.close();
  home.remove();
});

describe('datasets.import computeFeatures', () => {
  it('false keeps the settings but builds no cache; the first preview builds it', async () => {
    stages.length = 0;
    const report = await call<{
      datasetId: string;
      featureSettings: Record<string, unknown>;
      features?: unknown;
    }>('datasets.import', {
      kind: 'demo',
      options: { samplesPerClass: 3, seed: 7, features: { ...OWN, melBins: 12 } },
      computeFeatures: false,
    });
    expect(report.featureSettings).toMatchObject({ ...OWN, melBins: 12 });
    expect(report.features).toBeUndefined();
    // The feature build's stages never ran; the draft's did.
    expect(stages).not.toContain('audio');
    expect(stages).toContain('commit');
    const library = new DatasetLibrary(home.dir);
    expect(library.hasFeatures(report.datasetId)).toBe(false);
    expect(
      (await call<Inspection>('datasets.inspect', { id: report.datasetId })).features,
    ).toBeUndefined();

    const preview = await call<Preview>('datasets.preview', {
      id: report.datasetId,
      index: 0,
      case: 'complete',
    });
    expect(preview.spectrogram).toMatchObject({ frames: 20, melBins: 12 });
    expect(library.hasFeatures(report.datasetId)).toBe(true);
  }, 60_000);

  it('absent computes the cache at import, as before', () => {
    expect(new DatasetLibrary(home.dir).hasFeatures(datasetId)).toBe(true);
  });
});

describe('view-time feature settings', () => {
  it('preview computes the view its settings ask for, the dataset keeping its own', async () => {
    const preview = await call<Preview>('datasets.preview', {
      id: datasetId,
      index: 1,
      case: 'complete',
      features: { melBins: 24 },
    });
    // Only melBins was given: frames and image size stay the dataset's.
    expect(preview.spectrogram).toMatchObject({ frames: 20, melBins: 24 });
    expect(preview.spectrogram.values).toHaveLength(20 * 24);
    expect(preview.shape).toMatchObject({ audioFrames: 20, melBins: 24, imageSize: 8 });
    expect(pngSize(preview.imagePng)).toEqual([8, 8]);
    expect(preview.spectrogramPng).toBeUndefined();

    const own = await call<Preview>('datasets.preview', {
      id: datasetId,
      index: 1,
      case: 'complete',
    });
    expect(own.spectrogram).toMatchObject({ frames: 20, melBins: 16 });
  }, 60_000);

  it('inspect describes the cache of the view settings, or says there is none', async () => {
    const own = await call<Inspection>('datasets.inspect', { id: datasetId });
    expect(own.features).toMatchObject({ audioShape: [20, 16], imageShape: [8, 8, 3] });
    // Built by the preview above.
    const viewed = await call<Inspection>('datasets.inspect', {
      id: datasetId,
      features: { melBins: 24 },
    });
    expect(viewed.features).toMatchObject({ audioShape: [20, 24], imageShape: [8, 8, 3] });
    const never = await call<Inspection>('datasets.inspect', {
      id: datasetId,
      features: { imageSize: 10 },
    });
    expect(never.features).toBeUndefined();
  });

  it('renderSpectrogram returns the colour-mapped spectrogram PNG: time across, mel bins up', async () => {
    const preview = await call<Preview>('datasets.preview', {
      id: datasetId,
      index: 2,
      case: 'noisy_audio',
      features: { audioFrames: 30 },
      renderSpectrogram: true,
    });
    expect(pngSize(preview.spectrogramPng!)).toEqual([30, 16]);
  }, 60_000);

  it('refuses a view setting it cannot honour, naming the view field and the CLI option', async () => {
    const envelope = await dispatch(runtime.handlers, 'datasets.preview', {
      id: datasetId,
      index: 0,
      case: 'complete',
      features: { melBins: 300 },
    });
    expect(envelope).toMatchObject({
      ok: false,
      error: {
        kind: 'invalid_request',
        message: expect.stringMatching(/^feature setting melBins \(--mel-bins\): 300 mel bins/),
        issues: [{ field: 'params.features.melBins' }],
      },
    });
    const typo = await dispatch(runtime.handlers, 'datasets.inspect', {
      id: datasetId,
      features: { audioFrames: 'auto' },
    });
    expect(typo).toMatchObject({ ok: false, error: { kind: 'invalid_request' } });
  });

  it('names an unknown dataset in the data layer words, on params.id', async () => {
    const envelope = await dispatch(runtime.handlers, 'datasets.preview', {
      id: 'no-such-set',
      index: 0,
      case: 'complete',
      features: { melBins: 24 },
    });
    expect(envelope).toMatchObject({
      ok: false,
      error: {
        kind: 'not_found',
        message: "no dataset 'no-such-set'",
        issues: [{ field: 'params.id' }],
      },
    });
  });
});
