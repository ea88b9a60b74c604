import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pngBytes, toneWav } from '../../tests/data/bad-files';
import { featureRequest } from '../cli/commands/dataset-features';
import {
  FeatureSettingsError,
  framesOfClip,
  resolveFeatureSettings,
  viewFeatureSettings,
} from './feature-settings';
import { DatasetLibrary } from './library';

const root = mkdtempSync(join(tmpdir(), 'avlab-feature-settings-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('feature settings given at import are the dataset settings', () => {
  it('a run (features() without settings), preview and inspect see the imported shapes', async () => {
    const home = join(root, 'fixed');
    const asked = {
      sampleRate: 8000,
      audioFrames: 48,
      melBins: 40,
      imageSize: 20,
      storage: 'float16',
    } as const;
    // No cache now: the first consumer builds it, and must build it with these settings.
    const report = await new DatasetLibrary(home).import(
      'demo',
      { samplesPerClass: 3, features: asked },
      undefined,
      { features: false },
    );
    expect(report.featureSettings).toEqual(asked);

    // As the training worker does it: a fresh library, the dataset id, nothing else.
    const library = new DatasetLibrary(home);
    const source = library.features(report.datasetId);
    try {
      expect(source.shape).toEqual({
        audioFrames: 48,
        melBins: 40,
        imageSize: 20,
        imageChannels: 3,
      });
      const batch = source.batch([0, 1]);
      expect(batch.audio.length).toBe(2 * 48 * 40);
      expect(batch.visual.length).toBe(2 * 20 * 20 * 3);
    } finally {
      source.close();
    }
    expect(library.hasFeatures(report.datasetId)).toBe(true);
    const preview = await library.preview(report.datasetId, 0, 'complete');
    expect(preview.shape).toMatchObject({ audioFrames: 48, melBins: 40, imageSize: 20 });
    expect(library.inspect(report.datasetId).features).toMatchObject({
      audioShape: [48, 40],
      imageShape: [20, 20, 3],
    });
  });

  it("'auto' audio frames cover the longest clip whole, and the report says so", async () => {
    const dir = join(root, 'clips');
    mkdirSync(dir, { recursive: true });
    const rows = ['audio,image,label'];
    // 8 kHz clips of 0.5, 1.0, 2.5 s per class; the 2.5 s one decides the frame count.
    [0.5, 1, 2.5].forEach((seconds, i) => {
      for (const label of ['a', 'b', 'c']) {
        const name = `${label}${i}`;
        writeFileSync(join(dir, `${name}.wav`), toneWav(300 + 200 * i, seconds));
        writeFileSync(join(dir, `${name}.png`), pngBytes(8, 40 * i));
        rows.push(`${name}.wav,${name}.png,${label}`);
      }
    });
    writeFileSync(join(dir, 'clips.csv'), rows.join('\n'));
    const home = join(root, 'auto');
    const report = await new DatasetLibrary(home).import('manifest', {
      file: join(dir, 'clips.csv'),
      features: { audioFrames: 'auto', melBins: 32, imageSize: 8 },
    });
    // 2.5 s at the default 16 kHz is 40 000 samples: 1 + ⌊(40 000 − 400) / 160⌋ = 248 frames.
    expect(framesOfClip(2.5, 16000)).toBe(248);
    expect(report.audioFramesAuto).toMatchObject({
      longestClipSeconds: 2.5,
      frameShiftMs: 10,
      frames: 248,
    });
    expect(report.audioFramesAuto!.longestSampleId).toMatch(/^[abc]2\.wav\|/);
    expect(report.featureSettings).toMatchObject({ sampleRate: 16000, audioFrames: 248 });

    const library = new DatasetLibrary(home);
    const record = library.get(report.datasetId);
    const source = library.features(report.datasetId);
    try {
      expect(source.shape.audioFrames).toBe(248);
      // The longest clip's last frame is sound, not padding: it differs from the padded tail of
      // a 0.5 s clip (whose frames past 0.5 s are all the same normalised zero).
      const longest = record.samples.findIndex((s) => s.durationSeconds === 2.5);
      const shortest = record.samples.findIndex((s) => s.durationSeconds === 0.5);
      const batch = source.batch([longest, shortest]);
      const row = (sample: number, frame: number) =>
        Array.from(
          batch.audio.subarray((sample * 248 + frame) * 32, (sample * 248 + frame + 1) * 32),
        );
      const padding = row(1, 247);
      expect(new Set(padding).size).toBe(1);
      expect(row(0, 247)).not.toEqual(padding);
    } finally {
      source.close();
    }
  });

  it.each([
    [
      'melBins',
      { melBins: 300 },
      /melBins \(--mel-bins\): 300 mel bins at 16000 Hz exceed the 256/,
    ],
    ['sampleRate', { sampleRate: 500 }, /sampleRate \(--sample-rate\): 500 Hz is outside/],
    ['audioFrames', { audioFrames: 100_000 }, /audioFrames \(--audio-frames\): 100000 frames/],
    ['imageSize', { imageSize: 4096 }, /imageSize \(--image-size\): 4096 px/],
  ])(
    'refuses a %s that cannot be honoured, naming the option, before importing',
    async (option, features, message) => {
      const library = new DatasetLibrary(join(root, `refused-${option}`));
      const attempt = library.import('demo', { samplesPerClass: 3, features });
      await expect(attempt).rejects.toThrow(FeatureSettingsError);
      await expect(library.import('demo', { samplesPerClass: 3, features })).rejects.toThrow(
        message,
      );
      expect(library.list()).toEqual([]);
    },
  );
});

describe('viewFeatureSettings: the settings of one view over the dataset own', () => {
  const own = {
    sampleRate: 16000,
    audioFrames: 48,
    melBins: 40,
    imageSize: 20,
    storage: 'float32',
  } as const;

  it('is undefined (the dataset own) when nothing is given', () => {
    expect(viewFeatureSettings(own)).toBeUndefined();
    expect(viewFeatureSettings(own, { melBins: undefined })).toBeUndefined();
  });

  it('overrides only the fields given', () => {
    expect(viewFeatureSettings(own, { melBins: 24, storage: 'float16' })).toEqual({
      ...own,
      melBins: 24,
      storage: 'float16',
    });
  });

  it("stores 'dataset' normalisation as absent, and keeps the dataset's cav-mae unless told", () => {
    const cavMae = { ...own, normalisation: 'cav-mae' } as const;
    expect(viewFeatureSettings(own, { normalisation: 'cav-mae' })).toEqual(cavMae);
    expect(viewFeatureSettings(cavMae, { normalisation: 'dataset' })).toEqual(own);
    expect(viewFeatureSettings(cavMae, { melBins: 24 })).toEqual({ ...cavMae, melBins: 24 });
  });
});

describe("the 'cav-mae' feature preset and image resize", () => {
  it('--feature-preset fills every setting CAV-MAE expects; options beside it win', () => {
    expect(featureRequest({ features: true, featurePreset: 'cav-mae' })).toEqual({
      sampleRate: 16000,
      audioFrames: 1024,
      melBins: 128,
      imageSize: 224,
      normalisation: 'cav-mae',
      imageResize: 'bicubic-crop',
    });
    expect(
      featureRequest({ features: true, featurePreset: 'cav-mae', audioFrames: 512 }),
    ).toMatchObject({
      audioFrames: 512,
      imageResize: 'bicubic-crop',
    });
  });

  it("stores 'stretch' as absent (old cache keys unchanged) and 'bicubic-crop' as given", () => {
    const samples = [{ id: 'a', durationSeconds: 1 }];
    expect(resolveFeatureSettings({ imageResize: 'stretch' }, samples).settings).not.toHaveProperty(
      'imageResize',
    );
    expect(resolveFeatureSettings({ imageResize: 'bicubic-crop' }, samples).settings).toMatchObject(
      {
        imageResize: 'bicubic-crop',
      },
    );
    const own = resolveFeatureSettings({ imageResize: 'bicubic-crop' }, samples).settings;
    expect(viewFeatureSettings(own, { imageResize: 'stretch' })).not.toHaveProperty('imageResize');
    expect(viewFeatureSettings(own, { melBins: 24 })).toMatchObject({
      imageResize: 'bicubic-crop',
    });
  });
});
