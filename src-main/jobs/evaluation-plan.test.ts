import type { RunConfig } from '@shared/domain/records';
import { describe, expect, it } from 'vitest';
import { sampleRunConfig } from '../store/testing';
import {
  concatEvaluations,
  isPlannedEvaluation,
  loneRunEvaluationSpec,
  modalityModeEvaluations,
  plannedEvaluationSpec,
  RELIANCE_CASES,
  situationEvaluations,
} from './evaluation-plan';

function config(
  method: RunConfig['training']['method'],
  evaluation: RunConfig['evaluation'],
  rate = 0.5,
): RunConfig {
  const base = sampleRunConfig({ method, case: 'noisy_audio' });
  return { ...base, corruption: { ...base.corruption, rate }, evaluation };
}

const cases = ['complete', 'noisy_audio', 'noisy_visual'] as const;
const both = { cases: [...cases], promptings: ['situation', 'concat'] } as RunConfig['evaluation'];

describe('plannedEvaluationSpec', () => {
  const wanted = { cases: [...cases], promptings: both.promptings, missingRates: [0.5, 1] };

  it('gives the backbone every η of the sweep and modality reliance, situation-specific only', () => {
    expect(plannedEvaluationSpec('backbone', 'ft', wanted)).toEqual({
      cases: [...cases],
      promptings: ['situation'],
      missingRates: [0.5, 1],
      modalityReliance: true,
    });
  });

  it('keeps concat-based prompting for prompt learning only', () => {
    expect(plannedEvaluationSpec('adapt', 'pl', wanted).promptings).toEqual([
      'situation',
      'concat',
    ]);
    expect(plannedEvaluationSpec('adapt', 'lora', wanted)).toEqual({
      cases: [...cases],
      promptings: ['situation'],
    });
  });
});

describe('loneRunEvaluationSpec', () => {
  it('evaluates on complete and the trained case, once each', () => {
    expect(loneRunEvaluationSpec('noisy_visual').cases).toEqual(['complete', 'noisy_visual']);
    expect(loneRunEvaluationSpec('complete')).toEqual({
      cases: ['complete'],
      promptings: ['situation'],
    });
  });
});

describe('situationEvaluations', () => {
  it('evaluates a PL run on its own case only, at its own η', () => {
    expect(situationEvaluations(config('pl', both))).toEqual([
      { case: 'noisy_audio', missingRate: 0.5, split: 'test' },
    ]);
  });

  it('gives a PL run that asked for concat only no situation-specific evaluation', () => {
    expect(situationEvaluations(config('pl', { ...both, promptings: ['concat'] }))).toEqual([]);
  });

  it('evaluates other methods on every evaluation case', () => {
    expect(situationEvaluations(config('ft', both)).map((r) => r.case)).toEqual([...cases]);
  });

  it('adds each η of a sweep, then reliance on val and test at η = 1 without duplicates', () => {
    const plan = situationEvaluations(
      config('ft', {
        cases: ['complete', 'missing_audio'],
        promptings: ['situation'],
        missingRates: [0.5, 1],
        modalityReliance: true,
      }),
    );
    const keys = plan.map((r) => `${r.case}@${r.missingRate}/${r.split}`);
    expect(keys).toEqual([
      'complete@0.5/test',
      'missing_audio@0.5/test',
      'complete@1/test',
      'missing_audio@1/test',
      ...RELIANCE_CASES.map((c) => `${c}@1/val`),
      'missing_visual@1/test',
    ]);
  });
});

describe('concatEvaluations', () => {
  it('evaluates a PL family on every evaluation case at the run’s η, on test', () => {
    expect(concatEvaluations(config('pl', both, 0.7))).toEqual(
      cases.map((c) => ({ case: c, missingRate: 0.7, split: 'test' })),
    );
  });

  it('gives none to runs that did not ask for it or hold no prompts', () => {
    expect(concatEvaluations(config('pl', { ...both, promptings: ['situation'] }))).toEqual([]);
    expect(concatEvaluations(config('ft', both))).toEqual([]);
  });
});

describe('isPlannedEvaluation', () => {
  const pl = config('pl', both);

  it('knows the situation and concat evaluations the spec plans', () => {
    const planned = { case: 'noisy_audio', missingRate: 0.5, split: 'test' } as const;
    expect(isPlannedEvaluation(pl, { ...planned, prompting: 'situation' })).toBe(true);
    expect(isPlannedEvaluation(pl, { ...planned, case: 'complete', prompting: 'concat' })).toBe(
      true,
    );
  });

  it('calls anything else ad hoc: another case, η, split or prompting', () => {
    const asked = { case: 'noisy_audio', missingRate: 0.5, split: 'test' } as const;
    const s = 'situation' as const;
    expect(isPlannedEvaluation(pl, { ...asked, case: 'complete', prompting: s })).toBe(false);
    expect(isPlannedEvaluation(pl, { ...asked, missingRate: 1, prompting: s })).toBe(false);
    expect(isPlannedEvaluation(pl, { ...asked, split: 'val', prompting: s })).toBe(false);
    expect(isPlannedEvaluation(config('ft', both), { ...asked, prompting: 'concat' })).toBe(false);
  });
});

describe("CAV-MAE's missing-modality modes (prompting 'modality-mode')", () => {
  const missing = ['complete', 'missing_audio', 'missing_visual'] as const;
  const wanted = {
    cases: [...missing],
    promptings: ['situation', 'concat', 'modality-mode'] as RunConfig['evaluation']['promptings'],
    missingRates: [0.5],
  };

  it('plans them for the backbone and the methods without prompts, never for PL', () => {
    expect(plannedEvaluationSpec('backbone', 'ft', wanted).promptings).toEqual([
      'situation',
      'modality-mode',
    ]);
    expect(plannedEvaluationSpec('adapt', 'lora', wanted).promptings).toEqual([
      'situation',
      'modality-mode',
    ]);
    expect(plannedEvaluationSpec('adapt', 'pl', wanted).promptings).toEqual([
      'situation',
      'concat',
    ]);
  });

  it('evaluates each missing case with the modality gone from every sample, on test', () => {
    const spec = plannedEvaluationSpec('backbone', 'ft', wanted);
    const backbone = config('ft', spec);
    expect(modalityModeEvaluations(backbone)).toEqual([
      { case: 'missing_audio', missingRate: 1, split: 'test' },
      { case: 'missing_visual', missingRate: 1, split: 'test' },
    ]);
    expect(
      isPlannedEvaluation(backbone, {
        case: 'missing_audio',
        missingRate: 1,
        split: 'test',
        prompting: 'modality-mode',
      }),
    ).toBe(true);
    expect(
      isPlannedEvaluation(backbone, {
        case: 'complete',
        missingRate: 1,
        split: 'test',
        prompting: 'modality-mode',
      }),
    ).toBe(false);
    expect(
      modalityModeEvaluations(config('pl', { ...spec, promptings: wanted.promptings })),
    ).toEqual([]);
  });
});
