import type { BackendName } from '@shared/domain/backend';
import type { Method } from '@shared/domain/methods';
import type { ModelConfig } from '@shared/domain/model';
import { forwardFlopsPerSample } from '@shared/domain/model-cost';
import type { EfficiencyRecord, RunConfig, RunRecord } from '@shared/domain/records';
import { methodStage, type Scenario } from '@shared/domain/scenario';

/**
 * Training samples per second measured in earlier runs, per model and method (median of runs).
 * The model is the preset, or `backbone:<id>` for runs on an imported backbone (whose size is
 * the backbone's, whatever the scenario's preset says).
 */
export type MeasuredRates = Partial<Record<string, Partial<Record<Method, number>>>>;

/** The key of a run's (or a scenario's) model in MeasuredRates. */
export function modelKey(model: { preset: string }, importedBackboneId?: string): string {
  return importedBackboneId ? `backbone:${importedBackboneId}` : model.preset;
}

const runModelKey = (config: RunConfig) => modelKey(config.model, config.pretrained?.id);

export function measuredRates(
  runs: readonly RunRecord[],
  efficiency: readonly EfficiencyRecord[],
): MeasuredRates {
  const runById = new Map(runs.map((r) => [r.id, r]));
  const samples = new Map<string, number[]>();
  for (const e of efficiency) {
    const run = runById.get(e.runId);
    if (!run || !(e.trainSamplesPerSec > 0)) continue;
    const key = `${runModelKey(run.config)}|${run.method}`;
    samples.set(key, [...(samples.get(key) ?? []), e.trainSamplesPerSec]);
  }
  const rates: MeasuredRates = {};
  for (const [key, values] of samples) {
    const [model, method] = key.split('|') as [string, Method];
    const sorted = [...values].sort((a, b) => a - b);
    const byMethod = rates[model] ?? {};
    byMethod[method] = sorted[Math.floor(sorted.length / 2)]!;
    rates[model] = byMethod;
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
  const key = modelKey(scenario.model, scenario.backbone.from);
  const what = scenario.backbone.from ? 'run on this imported backbone' : `${key} run`;
  const presetRates = rates[key];
  if (!presetRates || Object.keys(presetRates).length === 0)
    return {
      ...estimate,
      seconds: null,
      basis: `No ${what} has finished here yet, so the time is unknown.`,
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
    basis: `From samples/s measured by ${what}s here (${measured}); evaluation not included.`,
  };
}

/**
 * An optimistic figure for the engine's matrix products on one CPU core here: OpenBLAS sgemm
 * reaches ~120–150 GFLOP/s (src-main/engine/README.md); whole training steps run slower.
 */
const CPU_GFLOP_PER_SECOND_AT_BEST = 100;

export interface ComputeAdvice {
  /** ≈ 3 × the forward pass's matrix products, per training sample. */
  trainGflopPerSample: number;
  /** One backbone-stage epoch at CPU_GFLOP_PER_SECOND_AT_BEST: a lower bound on a CPU. */
  cpuEpochSecondsAtLeast: number | null;
  /** No GPU backend installed, and an epoch would take over an hour on a CPU even at best. */
  needsGpu: boolean;
}

/** What training a model of this shape costs, and whether this machine needs a GPU for it. */
export function computeAdvice(
  config: ModelConfig,
  trainSamples: number | null,
  backendsInstalled: readonly BackendName[],
): ComputeAdvice {
  const trainGflopPerSample = (3 * forwardFlopsPerSample(config)) / 1e9;
  const cpuEpochSecondsAtLeast =
    trainSamples === null
      ? null
      : (trainGflopPerSample * trainSamples) / CPU_GFLOP_PER_SECOND_AT_BEST;
  return {
    trainGflopPerSample,
    cpuEpochSecondsAtLeast,
    needsGpu:
      !backendsInstalled.includes('tensorflow-gpu') &&
      cpuEpochSecondsAtLeast !== null &&
      cpuEpochSecondsAtLeast > 3600,
  };
}
