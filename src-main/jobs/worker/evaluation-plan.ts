import type { Case } from '@shared/domain/cases';
import type { EvaluationSplit, RunConfig } from '@shared/domain/records';

export interface EvaluationRequest {
  case: Case;
  missingRate: number;
  split: EvaluationSplit;
}

/** The cases whose reliance on each modality a backbone is checked with. */
export const RELIANCE_CASES: readonly Case[] = ['complete', 'missing_audio', 'missing_visual'];

/**
 * The situation-specific evaluations a finished run makes of itself. A PL run holds one trained
 * prompt set, so situation-specific means its own case; the other methods' models are evaluated
 * on every evaluation case (concat-based PL is a task on the whole family, queued by the main
 * side). A backbone also gets its modality reliance: complete / missing audio / missing visual
 * with every sample degraded (η = 1), on validation and test.
 */
export function evaluationPlan(config: RunConfig): EvaluationRequest[] {
  const { training, evaluation, corruption } = config;
  const situationCases =
    training.method === 'pl'
      ? evaluation.promptings.includes('situation')
        ? [training.case]
        : []
      : evaluation.cases;
  const rates = evaluation.missingRates ?? [corruption.rate];
  const requests: EvaluationRequest[] = [];
  const seen = new Set<string>();
  const add = (r: EvaluationRequest) => {
    const key = `${r.case}|${r.missingRate}|${r.split}`;
    if (seen.has(key)) return;
    seen.add(key);
    requests.push(r);
  };
  for (const missingRate of rates)
    for (const c of situationCases) add({ case: c, missingRate, split: 'test' });
  if (evaluation.modalityReliance) {
    for (const split of ['val', 'test'] as const)
      for (const c of RELIANCE_CASES) add({ case: c, missingRate: 1, split });
  }
  return requests;
}
