import { describe, expect, it } from 'vitest';
import {
  defaultDraft,
  draftFromSpec,
  errorFor,
  parseNumberList,
  stepErrors,
  stepOfField,
  validateDraft,
} from './scenario-draft';

describe('scenario draft', () => {
  it('starts valid once a dataset is chosen', () => {
    expect(validateDraft(defaultDraft('demo')).scenario).not.toBeNull();
    expect(Object.keys(validateDraft(defaultDraft('')).errors)).toEqual(['datasetId']);
  });

  it('reports an item error on its list field, naming the item', () => {
    const { errors } = validateDraft({ ...defaultDraft('d'), seeds: [0, -1] });
    expect(Object.keys(errors)).toEqual(['seeds.1']);
    expect(errorFor(errors, 'seeds')).toMatch(/^1: /);
    expect(errorFor(errors, 'seed')).toBeUndefined();
    expect(stepErrors(errors, 4)).toEqual(['seeds.1']);
    expect(stepErrors(errors, 0)).toEqual([]);
  });

  it('keeps a token that is not a number as NaN, for the schema to reject', () => {
    expect(parseNumberList('1, 0.5;0.25  x')).toEqual([1, 0.5, 0.25, Number.NaN]);
    const { errors } = validateDraft({
      ...defaultDraft('d'),
      missingRates: parseNumberList('1, x'),
    });
    expect(errors['missingRates.1']).toBeDefined();
  });

  it('merges a partial spec over the defaults group by group', () => {
    const draft = draftFromSpec({
      name: 'x',
      datasetId: 'd',
      backbone: { epochs: 3 },
      model: { preset: 'micro' },
    });
    expect(draft.backbone.epochs).toBe(3);
    expect(draft.backbone.lr).toBe(defaultDraft().backbone.lr);
    expect(draft.model.preset).toBe('micro');
    expect(draft.model.inputPromptLength).toBe(8);
    expect(() => draftFromSpec([1, 2])).toThrow(/JSON object/);
  });

  it('maps a field to the wizard step that edits it', () => {
    expect(stepOfField('training.pl.lr')).toBe(3);
    expect(stepOfField('model.preset')).toBe(3);
    expect(stepOfField('model.loraRank')).toBe(2);
    expect(stepOfField('corruption.severity')).toBe(1);
    expect(stepOfField('somethingElse')).toBe(5);
  });
});
