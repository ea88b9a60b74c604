import type { DatasetRecord } from '@shared/domain/dataset';
import { METHODS } from '@shared/domain/methods';
import type { TrainingRecipe } from '@shared/domain/recipe';
import type { Scenario } from '@shared/domain/scenario';
import { invalid } from '../../errors';

const OGM_ON_MULTI_LABEL =
  'OGM-GE measures each modality by the softmax score of the one true class, which a multi-label dataset does not have: set it to null';

/**
 * Refuses, naming the field, a recipe that cannot train on the dataset's task (OGM-GE on a
 * multi-label dataset), instead of a run that fails once it starts.
 */
export function checkRecipeFitsTask(
  dataset: Pick<DatasetRecord, 'task'>,
  recipes: readonly [field: string, recipe: TrainingRecipe | undefined][],
): void {
  if (dataset.task !== 'multi-label') return;
  for (const [field, recipe] of recipes)
    if (recipe?.gradientModulation)
      throw invalid(`${field}.gradientModulation`, OGM_ON_MULTI_LABEL);
}

/** The recipes of a scenario's stages, with their fields. */
export function scenarioRecipes(
  scenario: Scenario,
): [field: string, recipe: TrainingRecipe | undefined][] {
  return [
    ['params.scenario.backbone.recipe', scenario.backbone.recipe],
    ...METHODS.map((m): [string, TrainingRecipe | undefined] => [
      `params.scenario.training.${m}.recipe`,
      scenario.training[m]?.recipe,
    ]),
  ];
}
