import { createHash } from 'node:crypto';
import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FeatureSettings } from '@shared/domain/dataset';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pngBytes, toneWav } from '../../../tests/data/bad-files';
import { SampleFeaturizer } from '../features-of-sample';
import { DatasetLibrary } from '../library';
import { SampleSources } from '../sources';
import { settingsHash } from './cache-meta';

const SMALL: FeatureSettings = {
  sampleRate: 16000,
  audioFrames: 32,
  melBins: 40,
  imageSize: 16,
  storage: 'float32',
};
const sha1 = (path: string) => createHash('sha1').update(readFileSync(path)).digest('hex');

describe('feature cache', () => {
  let home: string;
  let library: DatasetLibrary;
  let id: string;

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'avlab-cache-'));
    library = new DatasetLibrary(home);
    id = (await library.import('demo', { samplesPerClass: 6 }, undefined, { features: SMALL }))
      .datasetId;
  });
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('is keyed by the settings: an import caches its settings, other settings miss', () => {
    expect(library.hasFeatures(id, SMALL)).toBe(true);
    expect(library.hasFeatures(id, { ...SMALL, melBins: 64 })).toBe(false);
    expect(settingsHash(SMALL)).toBe(
      settingsHash({
        storage: 'float32',
        imageSize: 16,
        melBins: 40,
        audioFrames: 32,
        sampleRate: 16000,
      }),
    );
    expect(settingsHash(SMALL)).not.toBe(settingsHash({ ...SMALL, storage: 'float16' }));
  });

  it('computes on a miss (with progress) and reuses on a hit (no work)', () => {
    const settings = { ...SMALL, audioFrames: 20 };
    const stages = new Set<string>();
    const first = library.features(id, settings, (p) => stages.add(p.stage));
    first.close();
    expect([...stages]).toEqual(['audio', 'image', 'normalise']);
    let calls = 0;
    const second = library.features(id, settings, () => calls++);
    expect(calls).toBe(0);
    expect(second.meta.createdAt).toBe(first.meta.createdAt);
    expect(second.shape).toEqual({ audioFrames: 20, melBins: 40, imageSize: 16, imageChannels: 3 });
    second.close();
  });

  it('treats a damaged cache (short file) as a miss and rebuilds it', () => {
    const dir = join(home, 'features', id, settingsHash(SMALL));
    const before = sha1(join(dir, 'audio.bin'));
    truncateSync(join(dir, 'audio.bin'), 100);
    expect(library.hasFeatures(id, SMALL)).toBe(false);
    library.features(id, SMALL).close();
    expect(sha1(join(dir, 'audio.bin'))).toBe(before);
  });

  it('serves normalised rows equal to recomputing the sample, train split ≈ N(0, 1)', () => {
    const source = library.features(id, SMALL);
    const record = library.get(id);
    const train = source.indices('train');
    const all = [...train, ...source.indices('val'), ...source.indices('test')].sort(
      (a, b) => a - b,
    );
    expect(all).toEqual(record.samples.map((_, i) => i));
    const batch = source.batch(train);
    let sum = 0;
    let squares = 0;
    for (const v of batch.audio) {
      sum += v;
      squares += v * v;
    }
    const mean = sum / batch.audio.length;
    expect(Math.abs(mean)).toBeLessThan(1e-4);
    expect(Math.sqrt(squares / batch.audio.length - mean * mean)).toBeCloseTo(1, 3);

    const index = train[3]!;
    const sample = record.samples[index]!;
    const featurizer = new SampleFeaturizer(SMALL);
    const sources = new SampleSources();
    const raw = featurizer.audio(sources.audio(sample.audio, sample.label));
    const { audioMean, audioStd, imageMean, imageStd } = source.meta.normalisation;
    const one = source.batch([index]);
    expect(one.labels[0]).toBe(sample.label);
    expect(one.sampleIndices[0]).toBe(index);
    for (let i = 0; i < raw.length; i += 97)
      expect(one.audio[i]).toBeCloseTo((raw[i]! - audioMean) / audioStd, 5);
    const pixels = featurizer.image(sources.image(sample.image, sample.label));
    for (let i = 0; i < pixels.length; i += 31) {
      expect(one.visual[i]).toBeCloseTo((pixels[i]! - imageMean[i % 3]!) / imageStd[i % 3]!, 5);
    }
    source.close();
  });

  it('stores float16 at half the size, within half precision of float32', () => {
    const f32 = library.features(id, SMALL);
    const f16 = library.features(id, { ...SMALL, storage: 'float16' });
    const rows = [0, 5, 17];
    const a = f32.batch(rows);
    const b = f16.batch(rows);
    let worst = 0;
    for (let i = 0; i < a.audio.length; i++)
      worst = Math.max(worst, Math.abs(a.audio[i]! - b.audio[i]!));
    for (let i = 0; i < a.visual.length; i++)
      worst = Math.max(worst, Math.abs(a.visual[i]! - b.visual[i]!));
    expect(worst).toBeLessThan(4e-3); // |x| < 8 → spacing ≤ 2^-8
    expect(worst).toBeGreaterThan(0);
    f32.close();
    f16.close();
  });

  it('stores a clip paired with several images once (rows de-duplicated)', async () => {
    const files = join(home, 'pairs');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(files);
    writeFileSync(join(files, 'one.wav'), toneWav(440));
    writeFileSync(join(files, 'two.wav'), toneWav(880));
    for (const i of [0, 1, 2]) writeFileSync(join(files, `${i}.png`), pngBytes(8, i * 60));
    writeFileSync(
      join(files, 'm.csv'),
      'audio,image,label,split\none.wav,0.png,x,train\none.wav,1.png,x,train\ntwo.wav,2.png,y,test\n',
    );
    const report = await library.import(
      'manifest',
      { file: join(files, 'm.csv'), valFraction: 0 },
      undefined,
      { features: SMALL },
    );
    const source = library.features(report.datasetId, SMALL);
    expect([source.meta.samples, source.meta.audioRows, source.meta.imageRows]).toEqual([3, 2, 3]);
    const batch = source.batch([0, 1]);
    const length = SMALL.audioFrames * SMALL.melBins;
    expect(batch.audio.subarray(0, length)).toEqual(batch.audio.subarray(length));
    source.close();
    expect(readdirSync(join(home, 'features', report.datasetId))).toEqual([settingsHash(SMALL)]);
  });

  it('gives the same demo bytes for the same seed, other bytes for another seed', async () => {
    const again = await library.import('demo', { samplesPerClass: 6 }, undefined, {
      features: SMALL,
    });
    const other = await library.import('demo', { samplesPerClass: 6, seed: 2 }, undefined, {
      features: SMALL,
    });
    const file = (dataset: string) =>
      join(home, 'features', dataset, settingsHash(SMALL), 'audio.bin');
    expect(sha1(file(again.datasetId))).toBe(sha1(file(id)));
    expect(sha1(file(other.datasetId))).not.toBe(sha1(file(id)));
    expect(library.get(again.datasetId).samples).toEqual(library.get(id).samples);
  });
});
