import type { Case } from '@shared/domain/cases';
import type { Method, Prompting } from '@shared/domain/methods';
import { MODALITY_MODE_CASES } from '@shared/domain/model';
import type { EvaluationSplit, RunConfig } from '@shared/domain/records';

/**
 * Which evaluations a run gets. The planner writes a run's evaluation spec with
 * `plannedEvaluationSpec`; the worker makes `situationEvaluations` after training; the queue asks
 * `concatEvaluations` once a PL family is complete; tasks asked for outside the spec are ad hoc
 * (`isPlannedEvaluation`). Keeping all four here means they cannot disagree.
 */

export interface EvaluationRequest {
  case: Case;
  missingRate: number;
  split: EvaluationSplit;
}

export interface WantedEvaluation extends EvaluationRequest {
  prompting: Prompting;
}

export type EvaluationSpec = RunConfig['evaluation'];

/** The cases whose reliance on each modality a backbone is checked with. */
export const RELIANCE_CASES: readonly Case[] = ['complete', 'missing_audio', 'missing_visual'];

/**
 * The spec of a run an experiment plans. The backbone is the FT baseline at every η of the
 * sweep and the model whose modality reliance every robustness comparison rests on; adapted runs
 * are evaluated at their own η, concat-based only for prompts (it concatenates prompt sets).
 */
export function plannedEvaluationSpec(
  role: 'backbone' | 'adapt',
  method: Method,
  wanted: { cases: Case[]; promptings: Prompting[]; missingRates: number[] },
): EvaluationSpec {
  // CAV-MAE's missing-modality modes are a baseline for models without prompts.
  const modes: Prompting[] = wanted.promptings.includes('modality-mode') ? ['modality-mode'] : [];
  if (role === 'backbone') {
    return {
      cases: wanted.cases,
      promptings: ['situation', ...modes],
      missingRates: wanted.missingRates,
      modalityReliance: true,
    };
  }
  return {
    cases: wanted.cases,
    promptings:
      method === 'pl'
        ? wanted.promptings.filter((p) => p !== 'modality-mode')
        : ['situation', ...modes],
  };
}

/**
 * The spec of a lone run nobody gave one: complete and its own case. No concat-based prompting,
 * which needs an experiment's family of PL runs.
 */
export function loneRunEvaluationSpec(trainCase: Case): EvaluationSpec {
  return { cases: [...new Set<Case>(['complete', trainCase])], promptings: ['situation'] };
}

/**
 * The situation-specific evaluations a finished run makes of itself. A PL run holds one trained
 * prompt set, so situation-specific means its own case; the other methods' models are evaluated
 * on every evaluation case. A backbone with modality reliance also gets complete / missing audio
 * / missing visual with every sample degraded (η = 1), on validation and test.
 */
export function situationEvaluations(config: RunConfig): EvaluationRequest[] {
  const { training, evaluation, corruption } = config;
  const cases =
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
    for (const c of cases) add({ case: c, missingRate, split: 'test' });
  if (evaluation.modalityReliance) {
    for (const split of ['val', 'test'] as const)
      for (const c of RELIANCE_CASES) add({ case: c, missingRate: 1, split });
  }
  return requests;
}

/**
 * The concat-based evaluations a PL run's family gets once every member is finished: each
 * evaluation case on the test split at the run's own η. Empty for a run whose spec has none.
 */
export function concatEvaluations(config: RunConfig): EvaluationRequest[] {
  const { training, evaluation, corruption } = config;
  if (training.method !== 'pl' || !evaluation.promptings.includes('concat')) return [];
  return evaluation.cases.map((c) => ({ case: c, missingRate: corruption.rate, split: 'test' }));
}

/**
 * The evaluations of a run whose spec asks for CAV-MAE's missing-modality modes: each missing
 * case among its evaluation cases with the modality missing from every sample (η = 1), on test.
 */
export function modalityModeEvaluations(config: RunConfig): EvaluationRequest[] {
  const { training, evaluation } = config;
  if (training.method === 'pl' || !evaluation.promptings.includes('modality-mode')) return [];
  return evaluation.cases
    .filter((c) => (MODALITY_MODE_CASES as readonly Case[]).includes(c))
    .map((c) => ({ case: c, missingRate: 1, split: 'test' }));
}

/** Whether an evaluation is one the run's spec plans (else it is stored as ad hoc). */
export function isPlannedEvaluation(config: RunConfig, wanted: WantedEvaluation): boolean {
  const planned =
    wanted.prompting === 'concat'
      ? concatEvaluations(config)
      : wanted.prompting === 'modality-mode'
        ? modalityModeEvaluations(config)
        : situationEvaluations(config);
  return planned.some(
    (p) =>
      p.case === wanted.case && p.missingRate === wanted.missingRate && p.split === wanted.split,
  );
}
