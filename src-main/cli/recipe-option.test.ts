import { DEFAULT_BACKBONE_RECIPE, NO_RECIPE } from '@shared/domain/recipe';
import { describe, expect, it } from 'vitest';
import { recipeOption } from './recipe-option';

describe('--recipe', () => {
  it('takes default, none, or a recipe as JSON (missing keys at their defaults)', () => {
    expect(recipeOption('default')).toEqual(DEFAULT_BACKBONE_RECIPE);
    expect(recipeOption('none')).toEqual(NO_RECIPE);
    const r = recipeOption('{"modalityDropout":0.3,"augmentation":{"imageCropPad":2}}');
    expect(r.modalityDropout).toBe(0.3);
    expect(r.augmentation.imageCropPad).toBe(2);
    expect(r.augmentation.audioTimeShift).toBe(0);
  });

  it('names what is wrong', () => {
    expect(() => recipeOption('{oops')).toThrow(/default, none or a recipe as JSON/);
    expect(() => recipeOption('{"modalityDropout":2}')).toThrow(/modalityDropout/);
    expect(() => recipeOption('{"dropout":0.1}')).toThrow();
  });
});
