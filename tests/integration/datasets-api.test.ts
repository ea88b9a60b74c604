import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../src-main/api/dispatch';
import { type ApiRuntime, startApiRuntime } from '../../src-main/api/runtime';
import { tempHome } from '../helpers/temp-home';

// The dataset methods the UI uses, through the same dispatch as IPC and HTTP.
let home: ReturnType<typeof tempHome>;
let runtime: ApiRuntime;
let datasetId: string;
const progress: string[] = [];

const call = async (method: string, params: unknown) => {
  const envelope = await dispatch(runtime.handlers, method, params);
  if (!envelope.ok) throw new Error(`${method}: ${envelope.error.message}`);
  return envelope.result as Record<string, unknown> & { [k: string]: never };
};

beforeAll(async () => {
  home = tempHome();
  runtime = startApiRuntime({ home: home.dir, transport: 'cli' });
  runtime.ctx.events.subscribe((e) => {
    if (e.type === 'dataset.progress') progress.push(e.stage);
  });
  const report = (await call('datasets.import', {
    kind: 'demo',
    options: { samplesPerClass: 6 },
  })) as unknown as {
    datasetId: string;
  };
  datasetId = report.datasetId;
}, 120_000);

afterAll(async () => {
  await runtime.close();
  home.remove();
});

describe('datasets API', () => {
  it('imports in the data worker, reporting progress, and lists the dataset', async () => {
    expect(progress).toContain('audio');
    const list = (await call('datasets.list', {})) as unknown as { id: string }[];
    expect(list.map((d) => d.id)).toEqual([datasetId]);
  });

  it('pages samples by split and class', async () => {
    const page = (await call('datasets.samples', {
      id: datasetId,
      split: 'train',
      label: 2,
      limit: 3,
    })) as unknown as {
      total: number;
      items: { label: number; split: string }[];
    };
    expect(page.items).toHaveLength(Math.min(3, page.total));
    expect(page.items.every((s) => s.label === 2 && s.split === 'train')).toBe(true);
  });

  it('returns a sample as a playable WAV and a PNG', async () => {
    const sample = (await call('datasets.sample', { id: datasetId, index: 0 })) as unknown as {
      audioWav: string;
      imagePng: string;
      durationSeconds: number;
    };
    expect(sample.audioWav.startsWith('data:audio/wav;base64,')).toBe(true);
    expect(Buffer.from(sample.audioWav.split(',')[1]!, 'base64').subarray(0, 4).toString()).toBe(
      'RIFF',
    );
    expect(Buffer.from(sample.imagePng.split(',')[1]!, 'base64').subarray(1, 4).toString()).toBe(
      'PNG',
    );
    expect(sample.durationSeconds).toBeGreaterThan(0);
  });

  it('previews a corrupted sample as the model sees it', async () => {
    const clean = (await call('datasets.preview', {
      id: datasetId,
      index: 0,
      case: 'complete',
    })) as unknown as {
      spectrogram: { frames: number; melBins: number; values: number[] };
      audioApplied: string | null;
    };
    const noisy = (await call('datasets.preview', {
      id: datasetId,
      index: 0,
      case: 'noisy_audio',
      corruption: { audioNoises: ['gaussian'], visualNoises: ['blur'], severity: 1 },
    })) as unknown as typeof clean & { visualApplied: string | null };
    expect(clean.spectrogram.values).toHaveLength(
      clean.spectrogram.frames * clean.spectrogram.melBins,
    );
    expect(clean.audioApplied).toBeNull();
    expect(noisy.audioApplied).toMatch(/gaussian/);
    expect(noisy.visualApplied).toBeNull();
    expect(noisy.spectrogram.values).not.toEqual(clean.spectrogram.values);
  });

  it('answers an unknown dataset with not_found', async () => {
    const envelope = await dispatch(runtime.handlers, 'datasets.inspect', { id: 'nope' });
    expect(envelope).toMatchObject({ ok: false, error: { kind: 'not_found' } });
  });

  it('names the field of a bad import request', async () => {
    const envelope = await dispatch(runtime.handlers, 'datasets.import', {
      kind: 'avmnist',
      options: { fsdd: '' },
    });
    expect(envelope.ok).toBe(false);
    if (!envelope.ok)
      expect(envelope.error.issues?.map((i) => i.field)).toEqual(
        expect.arrayContaining(['params.options.mnist']),
      );
  });

  it('keeps the feature settings of an import for inspect and preview', async () => {
    const report = (await call('datasets.import', {
      kind: 'demo',
      options: {
        samplesPerClass: 3,
        features: { audioFrames: 40, melBins: 24, imageSize: 12 },
      },
    })) as unknown as { datasetId: string; featureSettings: { audioFrames: number } };
    expect(report.featureSettings).toMatchObject({ audioFrames: 40, melBins: 24, imageSize: 12 });
    const inspection = (await call('datasets.inspect', { id: report.datasetId })) as unknown as {
      features: { audioShape: number[]; imageShape: number[] };
    };
    expect(inspection.features).toMatchObject({ audioShape: [40, 24], imageShape: [12, 12, 3] });
    const preview = (await call('datasets.preview', {
      id: report.datasetId,
      index: 0,
      case: 'complete',
    })) as unknown as { spectrogram: { frames: number; melBins: number } };
    expect(preview.spectrogram).toMatchObject({ frames: 40, melBins: 24 });
  });

  it('refuses a feature setting it cannot honour, naming the field', async () => {
    const envelope = await dispatch(runtime.handlers, 'datasets.import', {
      kind: 'demo',
      options: { features: { melBins: 300 } },
    });
    expect(envelope).toMatchObject({
      ok: false,
      error: {
        kind: 'invalid_request',
        issues: [{ field: 'params.options.features.melBins' }],
      },
    });
  });
});
