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
function modelKey(model: { preset: string }, importedBackboneId?: string): string {
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
  /** Training time, null when it cannot be told (nothing measured, no model shape to count). */
  seconds: number | null;
  /** The time is a floor from the model's FLOPs, not from runs measured here. */
  lowerBound: boolean;
  /** How the time was found, in a sentence. */
  basis: string;
}

/**
 * Runs: seeds × (1 backbone + missing rates × cases × methods, a method with a learning-rate grid
 * counting once per learning rate). Time: epochs × training samples ÷ the samples/s measured for
 * the model and method (FT's rate for a method never measured, which over-estimates the
 * frozen-backbone methods). With nothing measured but the model's shape known (an imported
 * backbone), a floor: its training FLOPs at CPU_GFLOP_PER_SECOND_AT_BEST. Evaluation time is not
 * included.
 */
export function estimateScenario(
  scenario: Scenario,
  trainSamples: number | null,
  rates: MeasuredRates,
  model?: ModelConfig,
): ScenarioEstimate {
  const seeds = scenario.seeds.length;
  const stages = scenario.methods.map((m) => ({ method: m, ...methodStage(scenario, m) }));
  // A learning-rate grid trains one run per learning rate.
  const runsPerCell = stages.reduce((sum, s) => sum + s.lrs.length, 0);
  const perSeed = scenario.missingRates.length * scenario.cases.length * runsPerCell;
  const counts = { runs: seeds * (1 + perSeed), backboneRuns: seeds, adaptedRuns: seeds * perSeed };
  const unknown = (basis: string) => ({ ...counts, seconds: null, lowerBound: false, basis });
  if (!trainSamples) return unknown('The dataset size is unknown, so the time is unknown.');
  // Samples trained per method over the whole scenario (the backbone stage is FT).
  const samplesOf = new Map<Method | 'backbone', number>([
    ['backbone', seeds * scenario.backbone.epochs * trainSamples],
  ]);
  for (const { method, stage, lrs } of stages) {
    const cells = seeds * scenario.missingRates.length * scenario.cases.length;
    samplesOf.set(method, cells * stage.epochs * lrs.length * trainSamples);
  }
  const key = modelKey(scenario.model, scenario.backbone.from);
  const what = scenario.backbone.from ? 'run on this imported backbone' : `${key} run`;
  const measured = rates[key];
  if (measured && Object.keys(measured).length > 0) {
    const anyRate = Object.values(measured)[0]!;
    const rateOf = (m: Method) => measured[m] ?? measured.ft ?? anyRate;
    let seconds = 0;
    for (const [m, samples] of samplesOf) seconds += samples / rateOf(m === 'backbone' ? 'ft' : m);
    const listed = Object.entries(measured)
      .map(([m, r]) => `${m} ${r!.toFixed(0)}`)
      .join(', ');
    return {
      ...counts,
      seconds,
      lowerBound: false,
      basis: `From samples/s measured by ${what}s here (${listed}); evaluation not included.`,
    };
  }
  if (!model) return unknown(`No ${what} has finished here yet, so the time is unknown.`);
  // A step with weight gradients costs ~3 forward passes; PL's frozen weights need none (~2).
  const forward = forwardFlopsPerSample(model);
  let flops = 0;
  for (const [m, samples] of samplesOf) flops += samples * forward * (m === 'pl' ? 2 : 3);
  return {
    ...counts,
    seconds: flops / (CPU_GFLOP_PER_SECOND_AT_BEST * 1e9),
    lowerBound: true,
    basis: `No ${what} has finished here yet: a floor from the model's FLOPs at ${CPU_GFLOP_PER_SECOND_AT_BEST} GFLOP/s, what one CPU core's matrix products reach at best (a GPU is far faster); evaluation not included.`,
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
