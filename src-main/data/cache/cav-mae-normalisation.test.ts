import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CAV_MAE_NORMALISATION, type FeatureSettings } from '@shared/domain/dataset';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveFeatureSettings } from '../feature-settings';
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

describe('cav-mae normalisation', () => {
  const home = mkdtempSync(join(tmpdir(), 'avlab-cav-mae-norm-'));
  const library = new DatasetLibrary(home);
  let id: string;
  beforeAll(async () => {
    id = (await library.import('demo', { samplesPerClass: 3 }, undefined, { features: SMALL }))
      .datasetId;
  });
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('stores (x − mean) / std with CAV-MAE’s constants instead of the train statistics', () => {
    const settings = { ...SMALL, normalisation: 'cav-mae' as const };
    const source = library.features(id, settings);
    expect(source.meta.normalisation).toEqual(CAV_MAE_NORMALISATION);
    const dataset = library.get(id);
    const index = 4;
    const sample = dataset.samples[index]!;
    const featurizer = new SampleFeaturizer(settings);
    const sources = new SampleSources();
    const raw = featurizer.audio(sources.audio(sample.audio, sample.label));
    const pixels = featurizer.image(sources.image(sample.image, sample.label));
    const one = source.batch([index]);
    for (let i = 0; i < raw.length; i += 53)
      expect(one.audio[i]).toBeCloseTo((raw[i]! + 5.081) / 4.4849, 5);
    const { imageMean, imageStd } = CAV_MAE_NORMALISATION;
    for (let i = 0; i < pixels.length; i += 29)
      expect(one.visual[i]).toBeCloseTo((pixels[i]! - imageMean[i % 3]!) / imageStd[i % 3]!, 5);
    source.close();
  });

  it('leaves the default settings, and their cache key, as they were', () => {
    const resolved = (n?: 'dataset' | 'cav-mae') =>
      resolveFeatureSettings({ ...SMALL, normalisation: n }, []).settings;
    expect(resolved('dataset')).toEqual(SMALL);
    expect(resolved()).toEqual(SMALL);
    expect(settingsHash(resolved('dataset'))).toBe(settingsHash(SMALL));
    expect(settingsHash(resolved('cav-mae'))).not.toBe(settingsHash(SMALL));
  });
});
