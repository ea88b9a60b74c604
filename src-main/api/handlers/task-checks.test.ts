import { join } from 'node:path';
import { NO_RECIPE } from '@shared/domain/recipe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempHome } from '../../../tests/helpers/temp-home';
import { DatasetLibrary } from '../../data/library';
import { sampleRunConfig } from '../../store/testing';
import { dispatch } from '../dispatch';
import { type ApiRuntime, startApiRuntime } from '../runtime';

const home = tempHome('avlab-task-checks-');
let runtime: ApiRuntime;
let multiId: string;
let singleId: string;

const ogm = {
  ...NO_RECIPE,
  auxLossWeight: 1,
  gradientModulation: { method: 'ogm-ge', alpha: 0.5 },
};

beforeAll(async () => {
  const library = new DatasetLibrary(join(home.dir, 'home'));
  const demo = (multiLabel: boolean) =>
    library.import('demo', { samplesPerClass: 3, multiLabel }, undefined, { features: false });
  multiId = (await demo(true)).datasetId;
  singleId = (await demo(false)).datasetId;
  runtime = startApiRuntime({ home: join(home.dir, 'home'), transport: 'cli' });
}, 60_000);

afterAll(async () => {
  await runtime?.close();
  home.remove();
});

const call = (method: string, params: unknown) => dispatch(runtime.handlers, method, params);

describe('OGM-GE on a multi-label dataset is a request error naming the recipe', () => {
  it('runs.create', async () => {
    const training = { ...sampleRunConfig().training, method: 'ft', case: 'complete', recipe: ogm };
    const refused = await call('runs.create', { datasetId: multiId, training });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.issues!.map((i) => i.field)).toEqual([
      'params.training.recipe.gradientModulation',
    ]);
    expect(refused.error.message).toMatch(/one true class/);
  });

  it('experiments.create, for the stage that asks for it; a single-label dataset is accepted', async () => {
    const scenario = (datasetId: string) => ({
      name: 'ogm',
      datasetId,
      cases: ['noisy_audio'],
      methods: ['ft'],
      model: { preset: 'micro' },
      backbone: { epochs: 1, batchSize: 8, lr: 0.001 },
      training: { ft: { recipe: ogm } },
      seeds: [0],
    });
    const refused = await call('experiments.create', { scenario: scenario(multiId) });
    expect(refused.ok ? [] : refused.error.issues!.map((i) => i.field)).toEqual([
      'params.scenario.training.ft.recipe.gradientModulation',
    ]);
    // A single-label dataset takes the same scenario.
    const created = await call('experiments.create', { scenario: scenario(singleId) });
    expect(created.ok).toBe(true);
  });
});
