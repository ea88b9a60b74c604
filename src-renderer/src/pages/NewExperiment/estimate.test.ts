import { ModelConfigSchema } from '@shared/domain/model';
import { forwardFlopsPerSample } from '@shared/domain/model-cost';
import type { EfficiencyRecord, RunRecord } from '@shared/domain/records';
import { ScenarioSchema } from '@shared/domain/scenario';
import { fakeRun } from '@shared/report/testing';
import { describe, expect, it } from 'vitest';
import { estimateScenario, measuredRates } from './estimate';

const stage = { epochs: 2, batchSize: 8, lr: 0.001 };
const scenario = ScenarioSchema.parse({
  name: 's',
  datasetId: 'd',
  cases: ['noisy_audio', 'noisy_visual'],
  methods: ['ft', 'pl'],
  missingRates: [1, 0.5],
  model: { preset: 'micro' },
  backbone: { ...stage, epochs: 4 },
  training: { ft: stage, pl: stage },
  seeds: [0, 1, 2],
});

const withPreset = (run: RunRecord, preset: 'micro' | 'tiny'): RunRecord =>
  ({ ...run, config: { model: { preset } } }) as RunRecord;
const eff = (runId: number, samplesPerSec: number) =>
  ({ runId, trainSamplesPerSec: samplesPerSec }) as EfficiencyRecord;

describe('scenario estimate', () => {
  it('counts seeds × (1 backbone + missing rates × cases × methods) runs', () => {
    const e = estimateScenario(scenario, 100, {});
    expect([e.runs, e.backboneRuns, e.adaptedRuns]).toEqual([3 * (1 + 2 * 2 * 2), 3, 24]);
    expect(e.seconds).toBeNull();
    expect(e.basis).toContain('No micro run');
  });

  it('takes the median samples/s per preset and method from earlier runs, ignoring other presets', () => {
    const runs = [
      withPreset(fakeRun(1, 'backbone', 'ft', 'complete', 0), 'micro'),
      withPreset(fakeRun(2, 'backbone', 'ft', 'complete', 1), 'micro'),
      withPreset(fakeRun(3, 'backbone', 'ft', 'complete', 2), 'micro'),
      withPreset(fakeRun(4, 'adapt', 'pl', 'noisy_audio', 0), 'micro'),
      withPreset(fakeRun(5, 'backbone', 'ft', 'complete', 0), 'tiny'),
    ];
    const rates = measuredRates(runs, [
      eff(1, 50),
      eff(2, 400),
      eff(3, 100),
      eff(4, 1000),
      eff(5, 7),
    ]);
    expect(rates).toEqual({ micro: { ft: 100, pl: 1000 }, tiny: { ft: 7 } });
  });

  it('adds up epochs × training samples ÷ samples/s over every planned run', () => {
    const e = estimateScenario(scenario, 200, { micro: { ft: 100, pl: 400 } });
    // backbones: 3 seeds × 4 epochs × 200 / 100 = 24 s
    // FT on case: 3 × 2 rates × 2 cases × 2 epochs × 200 / 100 = 48 s
    // PL:         3 × 2 × 2 × 2 × 200 / 400 = 12 s
    expect(e.seconds).toBeCloseTo(84, 10);
  });

  it('uses the FT rate for a method never measured (over-estimating rather than guessing)', () => {
    const e = estimateScenario(scenario, 200, { micro: { ft: 100 } });
    expect(e.seconds).toBeCloseTo(24 + 48 + 48, 10);
  });

  it('measures runs on an imported backbone under that backbone, whatever the preset says', () => {
    const onImported = {
      ...fakeRun(6, 'backbone', 'ft', 'complete', 0),
      config: { model: { preset: 'tiny' }, pretrained: { id: '00000000000000ab' } },
    } as RunRecord;
    const rates = measuredRates([onImported], [eff(6, 0.5)]);
    expect(rates).toEqual({ 'backbone:00000000000000ab': { ft: 0.5 } });
    const fromImported = ScenarioSchema.parse({
      ...scenario,
      model: { preset: 'tiny' },
      backbone: { ...scenario.backbone, from: '00000000000000ab', recipe: {} },
    });
    expect(estimateScenario(fromImported, 200, { tiny: { ft: 100 } }).basis).toContain(
      'No run on this imported backbone',
    );
    expect(estimateScenario(fromImported, 200, rates).seconds).toBeCloseTo(
      3 * ((4 * 200) / 0.5) + 3 * 2 * 2 * ((2 * 200) / 0.5) * 2,
      6,
    );
  });

  it("floors the time at the model's FLOPs when nothing was measured but its shape is known", () => {
    const model = ModelConfigSchema.parse({
      preset: 'cav-mae',
      dim: 64,
      heads: 4,
      mlpRatio: 4,
      audioBlocks: 2,
      visualBlocks: 2,
      fusionBlocks: 1,
      jointBlocks: 1,
      audioFrames: 64,
      melBins: 128,
      audioPatch: 16,
      imageSize: 64,
      imageChannels: 3,
      imagePatch: 16,
      numClasses: 5,
      inputPromptLength: 2,
      attentionPromptLength: 2,
      inputPromptMode: 'deep',
      loraRank: 4,
      adapterBottleneck: 8,
      dropout: 0,
    });
    const e = estimateScenario(scenario, 200, {}, model);
    const f = forwardFlopsPerSample(model);
    // Backbone and FT: 3 forward passes per training sample; PL (frozen weights): 2.
    const flops = 3 * 4 * 200 * f * 3 + 3 * 2 * 2 * 2 * 200 * f * 3 + 3 * 2 * 2 * 2 * 200 * f * 2;
    expect(e.lowerBound).toBe(true);
    expect(e.seconds).toBeCloseTo(flops / 100e9, 9);
    expect(e.basis).toContain('a floor');
    // Measured rates win over the floor.
    expect(estimateScenario(scenario, 200, { micro: { ft: 100, pl: 400 } }, model).lowerBound).toBe(
      false,
    );
  });
});
