import type { Case } from '@shared/domain/cases';
import type { Method, Prompting } from '@shared/domain/methods';
import type { RunConfig, RunRole } from '@shared/domain/records';
import { evaluationCases, type Scenario, type StageTraining } from '@shared/domain/scenario';
import type { TrainingConfig } from '@shared/domain/training';

export interface PlannedRun {
  key: string;
  /** Key of the backbone run this one adapts; null for a backbone. */
  parentKey: string | null;
  role: RunRole;
  config: RunConfig;
}

/**
 * Expands a scenario into its runs, in the order they should train: per seed a backbone fully
 * fine-tuned on complete data, then every (missing rate × case × method) adapted from it.
 */
export function planScenario(s: Scenario): PlannedRun[] {
  const evalCases = evaluationCases(s);
  const promptings = s.evaluation?.promptings ?? ['situation', 'concat'];
  const planned: PlannedRun[] = [];
  for (const seed of s.seeds) {
    const backboneKey = `backbone/seed${seed}`;
    planned.push({
      key: backboneKey,
      parentKey: null,
      role: 'backbone',
      config: withEvaluationRates(
        runConfig(s, 'ft', 'complete', seed, s.backbone, 1, evalCases, ['situation']),
        s.missingRates,
      ),
    });
    for (const rate of s.missingRates) {
      for (const c of s.cases) {
        for (const method of s.methods) {
          planned.push({
            key: `${method}/${c}/rate${rate}/seed${seed}`,
            parentKey: backboneKey,
            role: 'adapt',
            // Concat-based prompting only means something for prompts.
            config: runConfig(
              s,
              method,
              c,
              seed,
              s.adaptation,
              rate,
              evalCases,
              method === 'pl' ? promptings : ['situation'],
            ),
          });
        }
      }
    }
  }
  return planned;
}

function runConfig(
  s: Scenario,
  method: Method,
  c: Case,
  seed: number,
  stage: StageTraining,
  rate: number,
  evalCases: Case[],
  promptings: Prompting[],
): RunConfig {
  const training: TrainingConfig = { ...stage, method, case: c, seed };
  return {
    training,
    model: s.model,
    corruption: { ...s.corruption, rate },
    evaluation: { cases: evalCases, promptings },
  };
}

/** The backbone is the FT baseline at every η of the sweep, so it is evaluated at each. */
function withEvaluationRates(config: RunConfig, rates: number[]): RunConfig {
  return { ...config, evaluation: { ...config.evaluation, missingRates: rates } };
}
