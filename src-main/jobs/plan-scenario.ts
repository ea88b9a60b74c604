import type { Case } from '@shared/domain/cases';
import type { Method } from '@shared/domain/methods';
import { type ModelConfig, modalityModeRefusal } from '@shared/domain/model';
import type { RunConfig, RunRole } from '@shared/domain/records';
import {
  evaluationCases,
  fusionBlocksOnImported,
  methodStage,
  type Scenario,
  type StageTraining,
} from '@shared/domain/scenario';
import type { TrainingConfig } from '@shared/domain/training';
import { type EvaluationSpec, plannedEvaluationSpec } from './evaluation-plan';

export interface PlannedRun {
  key: string;
  /** Key of the backbone run this one adapts; null for a backbone. */
  parentKey: string | null;
  role: RunRole;
  config: RunConfig;
}

/** The imported backbone of `backbone.from`, resolved by the caller (the planner reads no files). */
export interface PretrainedBackbone {
  id: string;
  config: ModelConfig;
}

/**
 * Why the scenario's `modality-mode` evaluations cannot run on its model (CAV-MAE's modes need
 * its modality norms and no fusion blocks), or null when it asks for none or they can.
 */
export function modalityModeRefusalOf(s: Scenario, pretrained?: PretrainedBackbone): string | null {
  if (!s.evaluation?.promptings.includes('modality-mode')) return null;
  if (!pretrained) return 'modality-mode needs an imported CAV-MAE backbone (backbone.from)';
  return modalityModeRefusal({
    modalityNorms: pretrained.config.modalityNorms,
    fusionBlocks: fusionBlocksOnImported(s.model, pretrained.config),
  });
}

/**
 * Expands a scenario into its runs, in the order they should train: per seed a backbone fully
 * fine-tuned on complete data (from `pretrained` when the scenario names one), then every
 * (missing rate × case × method × learning rate of the method's grid) adapted from it, each
 * method with its own stage settings.
 */
export function planScenario(s: Scenario, pretrained?: PretrainedBackbone): PlannedRun[] {
  if (s.backbone.from !== pretrained?.id)
    throw new Error(`planScenario: backbone.from ${s.backbone.from}, resolved ${pretrained?.id}`);
  const { from: _from, ...backboneStage } = s.backbone;
  const wanted = {
    cases: evaluationCases(s),
    promptings: s.evaluation?.promptings ?? ['situation', 'concat'],
    missingRates: s.missingRates,
  };
  const stages = new Map(s.methods.map((m) => [m, methodStage(s, m)]));
  const planned: PlannedRun[] = [];
  for (const seed of s.seeds) {
    const backboneKey = `backbone/seed${seed}`;
    planned.push({
      key: backboneKey,
      parentKey: null,
      role: 'backbone',
      config: runConfig(
        s,
        'ft',
        'complete',
        seed,
        backboneStage,
        1,
        plannedEvaluationSpec('backbone', 'ft', wanted),
        pretrained,
      ),
    });
    for (const rate of s.missingRates) {
      for (const c of s.cases) {
        for (const method of s.methods) {
          const { stage, lrs, grid } = stages.get(method)!;
          for (const lr of lrs) {
            const config = runConfig(
              s,
              method,
              c,
              seed,
              { ...stage, lr },
              rate,
              plannedEvaluationSpec('adapt', method, wanted),
              pretrained,
            );
            planned.push({
              key: `${method}/${c}/rate${rate}/seed${seed}${grid ? `/lr${lr}` : ''}`,
              parentKey: backboneKey,
              role: 'adapt',
              config: grid ? { ...config, lrGrid: lrs } : config,
            });
          }
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
  evaluation: EvaluationSpec,
  pretrained: PretrainedBackbone | undefined,
): RunConfig {
  const { checkpoint, ...settings } = stage;
  const training: TrainingConfig = { ...settings, method, case: c, seed };
  return {
    training,
    model: s.model,
    corruption: { ...s.corruption, rate },
    evaluation,
    checkpoint,
    ...(pretrained ? { pretrained } : {}),
  };
}
