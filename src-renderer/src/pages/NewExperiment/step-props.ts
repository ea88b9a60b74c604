import type { FieldErrors, ScenarioDraft } from './scenario-draft';

/** What every wizard step gets: the draft, a way to change it, and the schema's messages. */
export interface StepProps {
  draft: ScenarioDraft;
  update: (change: (draft: ScenarioDraft) => ScenarioDraft) => void;
  errors: FieldErrors;
}

/** A NumberInput's value as the draft stores it: a number, or undefined when cleared. */
export const numberOrUndefined = (value: string | number): number | undefined =>
  typeof value === 'number' ? value : value.trim() === '' ? undefined : Number(value);
