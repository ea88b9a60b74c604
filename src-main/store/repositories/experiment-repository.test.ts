import { ScenarioSchema } from '@shared/domain/scenario';
import { describe, expect, it } from 'vitest';
import { memoryStore } from '../testing';
import { scenarioHash } from './experiment-repository';

const scenario = ScenarioSchema.parse({
  name: 'demo',
  datasetId: 'demo',
  cases: ['noisy_audio'],
  methods: ['pl', 'ft'],
  backbone: { epochs: 2, batchSize: 16, lr: 1e-3 },
  training: { pl: { epochs: 2, batchSize: 16, lr: 1e-3 } },
  seeds: [0, 1],
});

describe('ExperimentRepository', () => {
  it('stores the scenario and its hash', () => {
    const { experiments } = memoryStore();
    const created = experiments.create(scenario);
    expect(experiments.get(created.id)).toMatchObject({
      name: 'demo',
      scenario,
      scenarioHash: scenarioHash(scenario),
    });
    expect(experiments.list().map((e) => e.id)).toEqual([created.id]);
  });

  it('hashes equal scenarios alike whatever their key order, and different ones apart', () => {
    const reordered = Object.fromEntries(Object.entries(scenario).reverse()) as typeof scenario;
    expect(scenarioHash(reordered)).toBe(scenarioHash(scenario));
    expect(scenarioHash({ ...scenario, seeds: [0] })).not.toBe(scenarioHash(scenario));
  });
});
