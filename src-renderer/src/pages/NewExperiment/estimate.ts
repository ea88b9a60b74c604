import type { Method } from '@shared/domain/methods';
import type { Preset } from '@shared/domain/model';
import type { EfficiencyRecord, RunRecord } from '@shared/domain/records';
import { methodStage, type Scenario } from '@shared/domain/scenario';

/** Training samples per second measured in earlier runs, per preset and method (median of runs). */
export type MeasuredRates = Partial<Record<Preset, Partial<Record<Method, number>>>>;

export function measuredRates(
  runs: readonly RunRecord[],
  efficiency: readonly EfficiencyRecord[],
): MeasuredRates {
  const runById = new Map(runs.map((r) => [r.id, r]));
  const samples = new Map<string, number[]>();
  for (const e of efficiency) {
    const run = runById.get(e.runId);
    if (!run || !(e.trainSamplesPerSec > 0)) continue;
    const key = `${run.config.model.preset}|${run.method}`;
    samples.set(key, [...(samples.get(key) ?? []), e.trainSamplesPerSec]);
  }
  const rates: MeasuredRates = {};
  for (const [key, values] of samples) {
    const [preset, method] = key.split('|') as [Preset, Method];
    const sorted = [...values].sort((a, b) => a - b);
    const byMethod = rates[preset] ?? {};
    byMethod[method] = sorted[Math.floor(sorted.length / 2)]!;
    rates[preset] = byMethod;
  }
  return rates;
}

export interface ScenarioEstimate {
  runs: number;
  backboneRuns: number;
  adaptedRuns: number;
  /** Training time, null when this preset has never been measured here. */
  seconds: number | null;
  /** How the time was found, in a sentence. */
  basis: string;
}

/**
 * Runs: seeds × (1 backbone + missing rates × cases × methods, a method with a learning-rate grid
 * counting once per learning rate). Time: epochs × training samples ÷
 * the samples/s measured for the preset and method (FT's rate for a method never measured, which
 * over-estimates the frozen-backbone methods). Evaluation time is not included.
 */
export function estimateScenario(
  scenario: Scenario,
  trainSamples: number | null,
  rates: MeasuredRates,
): ScenarioEstimate {
  const seeds = scenario.seeds.length;
  const stages = scenario.methods.map((m) => ({ method: m, ...methodStage(scenario, m) }));
  // A learning-rate grid trains one run per learning rate.
  const runsPerCell = stages.reduce((sum, s) => sum + s.lrs.length, 0);
  const perSeed = scenario.missingRates.length * scenario.cases.length * runsPerCell;
  const estimate = {
    runs: seeds * (1 + perSeed),
    backboneRuns: seeds,
    adaptedRuns: seeds * perSeed,
  };
  const presetRates = rates[scenario.model.preset];
  if (!presetRates || Object.keys(presetRates).length === 0)
    return {
      ...estimate,
      seconds: null,
      basis: `No ${scenario.model.preset} run has finished here yet, so the time is unknown.`,
    };
  if (!trainSamples)
    return {
      ...estimate,
      seconds: null,
      basis: 'The dataset size is unknown, so the time is unknown.',
    };
  const anyRate = Object.values(presetRates)[0]!;
  const rateOf = (m: Method) => presetRates[m] ?? presetRates.ft ?? anyRate;
  let seconds = seeds * ((scenario.backbone.epochs * trainSamples) / rateOf('ft'));
  for (const { method, stage, lrs } of stages) {
    const per = (stage.epochs * lrs.length * trainSamples) / rateOf(method);
    seconds += seeds * scenario.missingRates.length * scenario.cases.length * per;
  }
  const measured = Object.entries(presetRates)
    .map(([m, r]) => `${m} ${r!.toFixed(0)}`)
    .join(', ');
  return {
    ...estimate,
    seconds,
    basis: `From samples/s measured on ${scenario.model.preset} here (${measured}); evaluation not included.`,
  };
}
