import { ScenarioSchema } from '@shared/domain/scenario';
import { describe, expect, it } from 'vitest';
import { planScenario } from './plan-scenario';

const scenario = ScenarioSchema.parse({
  name: 'ref',
  datasetId: 'avmnist',
  cases: ['noisy_audio', 'noisy_visual'],
  methods: ['pl', 'ft'],
  missingRates: [0.5, 1],
  backbone: { epochs: 5, batchSize: 32, lr: 1e-4 },
  adaptation: { epochs: 3, batchSize: 16, lr: 1e-3 },
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

  it('trains the backbone with FT on complete data and the stage settings of each role', () => {
    const backbone = plan[0]!;
    expect(backbone.config.training).toMatchObject({
      method: 'ft',
      case: 'complete',
      epochs: 5,
      lr: 1e-4,
    });
    const adapted = plan.find((p) => p.key === 'pl/noisy_visual/rate0.5/seed1')!;
    expect(adapted.config.training).toMatchObject({
      method: 'pl',
      case: 'noisy_visual',
      epochs: 3,
      lr: 1e-3,
      seed: 1,
    });
    expect(adapted.config.corruption.rate).toBe(0.5);
  });

  it('evaluates the backbone at every missing rate of the sweep, adapted runs at their own', () => {
    expect(plan[0]!.config.evaluation.missingRates).toEqual([0.5, 1]);
    expect(
      plan.find((p) => p.key === 'pl/noisy_audio/rate0.5/seed0')!.config.evaluation.missingRates,
    ).toBeUndefined();
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
