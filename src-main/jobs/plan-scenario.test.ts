import { METHOD_STAGE_DEFAULTS, ScenarioSchema } from '@shared/domain/scenario';
import { describe, expect, it } from 'vitest';
import { CAV_MAE_INPUT, modelConfigForPreset } from '../engine/model/config';
import { planScenario } from './plan-scenario';

const scenario = ScenarioSchema.parse({
  name: 'ref',
  datasetId: 'avmnist',
  cases: ['noisy_audio', 'noisy_visual'],
  methods: ['pl', 'ft'],
  missingRates: [0.5, 1],
  backbone: { epochs: 5, batchSize: 32, lr: 1e-3 },
  training: {
    pl: { epochs: 3, batchSize: 16, lr: 1e-2, checkpoint: 'last' },
    ft: { epochs: 2, lr: 1e-4, warmupEpochs: 1, weightDecay: 0.05 },
  },
  seeds: [0, 1],
});

describe('planScenario', () => {
  const plan = planScenario(scenario);

  it('plans one backbone per seed and one adapted run per rate × case × method × seed', () => {
    expect(plan.filter((p) => p.role === 'backbone')).toHaveLength(2);
    expect(plan.filter((p) => p.role === 'adapt')).toHaveLength(2 * 2 * 2 * 2);
  });

  it('puts each backbone before the runs adapted from it, with the matching seed', () => {
    plan.forEach((p, i) => {
      if (p.parentKey === null) return;
      const parentIndex = plan.findIndex((q) => q.key === p.parentKey);
      expect(parentIndex).toBeLessThan(i);
      expect(plan[parentIndex]!.config.training.seed).toBe(p.config.training.seed);
    });
  });

  it('trains the backbone with FT on complete data, best-val checkpoint by default', () => {
    const backbone = plan[0]!;
    expect(backbone.config.training).toMatchObject({
      method: 'ft',
      case: 'complete',
      epochs: 5,
      lr: 1e-3,
    });
    expect(backbone.config.checkpoint).toBe('best-val');
  });

  it('gives every method its own settings, defaults filling what the spec leaves out', () => {
    const pl = plan.find((p) => p.key === 'pl/noisy_visual/rate0.5/seed1')!;
    expect(pl.config.training).toMatchObject({
      method: 'pl',
      case: 'noisy_visual',
      epochs: 3,
      batchSize: 16,
      lr: 1e-2,
      warmupEpochs: METHOD_STAGE_DEFAULTS.pl.warmupEpochs,
      seed: 1,
    });
    expect(pl.config.checkpoint).toBe('last');
    expect(pl.config.corruption.rate).toBe(0.5);
    const ft = plan.find((p) => p.key === 'ft/noisy_visual/rate0.5/seed1')!;
    expect(ft.config.training).toMatchObject({
      method: 'ft',
      epochs: 2,
      batchSize: METHOD_STAGE_DEFAULTS.ft.batchSize,
      lr: 1e-4,
      warmupEpochs: 1,
      weightDecay: 0.05,
    });
    expect(ft.config.checkpoint).toBe('best-val');
    // Stage settings are not part of the training config the engine compares on resume.
    expect(ft.config.training).not.toHaveProperty('checkpoint');
  });

  it('uses a method’s defaults when the spec gives it no stage', () => {
    const bare = planScenario(
      ScenarioSchema.parse({ ...scenario, methods: ['lora'], training: {} }),
    ).find((p) => p.role === 'adapt')!;
    expect(bare.config.training).toMatchObject({ method: 'lora', ...METHOD_STAGE_DEFAULTS.lora });
  });

  it('plans one run per learning rate of a grid, each knowing its grid', () => {
    const grid = planScenario(
      ScenarioSchema.parse({
        ...scenario,
        seeds: [0],
        missingRates: [1],
        cases: ['noisy_audio'],
        training: { pl: { lrGrid: [3e-3, 1e-2] } },
      }),
    ).filter((p) => p.role === 'adapt' && p.config.training.method === 'pl');
    expect(grid.map((p) => p.config.training.lr)).toEqual([3e-3, 1e-2]);
    expect(grid.every((p) => p.config.lrGrid?.join() === '0.003,0.01')).toBe(true);
    expect(new Set(grid.map((p) => p.key)).size).toBe(2);
  });

  it('evaluates the backbone at every missing rate and for modality reliance', () => {
    expect(plan[0]!.config.evaluation).toMatchObject({
      missingRates: [0.5, 1],
      modalityReliance: true,
    });
    const pl = plan.find((p) => p.key === 'pl/noisy_audio/rate0.5/seed0')!;
    expect(pl.config.evaluation.missingRates).toBeUndefined();
    expect(pl.config.evaluation.modalityReliance).toBeUndefined();
  });

  it('evaluates on complete + the trained cases, concat-based only for prompts', () => {
    const pl = plan.find((p) => p.key === 'pl/noisy_audio/rate1/seed0')!;
    const ft = plan.find((p) => p.key === 'ft/noisy_audio/rate1/seed0')!;
    expect(pl.config.evaluation).toEqual({
      cases: ['complete', 'noisy_audio', 'noisy_visual'],
      promptings: ['situation', 'concat'],
    });
    expect(ft.config.evaluation.promptings).toEqual(['situation']);
  });
});

describe('planScenario from an imported backbone', () => {
  const id = '0123456789abcdef';
  const config = modelConfigForPreset('cav-mae', { numClasses: 5, ...CAV_MAE_INPUT });
  const fromImported = ScenarioSchema.parse({
    ...scenario,
    backbone: { ...scenario.backbone, from: id, recipe: {} },
  });

  it('gives every run the backbone, and keeps `from` out of the training config', () => {
    const plan = planScenario(fromImported, { id, config });
    expect(plan.every((p) => p.config.pretrained?.id === id)).toBe(true);
    expect(plan.some((p) => 'from' in p.config.training)).toBe(false);
    expect(planScenario(scenario).some((p) => p.config.pretrained)).toBe(false);
  });

  it('refuses a backbone that is not the scenario’s, and a recipe that needs auxiliary heads', () => {
    expect(() => planScenario(fromImported)).toThrow(/backbone\.from/);
    expect(() => planScenario(scenario, { id, config })).toThrow(/backbone\.from/);
    const withAux = ScenarioSchema.safeParse({
      ...scenario,
      backbone: { ...scenario.backbone, from: id },
    });
    expect(withAux.success).toBe(false);
    expect(withAux.error?.issues[0]?.path).toEqual(['backbone', 'recipe']);
  });
});
