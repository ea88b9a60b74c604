import {
  DEFAULT_BACKBONE_RECIPE,
  NO_RECIPE,
  type TrainingRecipe,
  TrainingRecipeSchema,
} from '@shared/domain/recipe';
import { InvalidArgumentError } from 'commander';

/** `--recipe`: `default` (DEFAULT_BACKBONE_RECIPE), `none`, or a TrainingRecipe as JSON. */
export function recipeOption(value: string): TrainingRecipe {
  if (value === 'default') return DEFAULT_BACKBONE_RECIPE;
  if (value === 'none') return NO_RECIPE;
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    throw new InvalidArgumentError('expected default, none or a recipe as JSON');
  }
  const parsed = TrainingRecipeSchema.safeParse(json);
  if (!parsed.success)
    throw new InvalidArgumentError(
      parsed.error.issues.map((i) => `${i.path.join('.') || 'recipe'}: ${i.message}`).join('; '),
    );
  return parsed.data;
}
