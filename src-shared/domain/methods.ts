import { z } from 'zod';

/**
 * A training method. `ft` trains every weight; the others freeze the backbone and train only
 * their own parameters (plus the head where stated in the engine).
 */
export const METHODS = ['ft', 'pl', 'lora', 'adapter', 'linear'] as const;
export const MethodSchema = z.enum(METHODS);
export type Method = z.infer<typeof MethodSchema>;

export const METHOD_LABELS: Record<Method, string> = {
  ft: 'Full fine-tuning',
  pl: 'Prompt learning',
  lora: 'LoRA',
  adapter: 'Adapter',
  linear: 'Linear probe',
};

/**
 * Situation-specific: the case is known and its prompt set is used. Concat: all sets at once.
 * `modality-mode`: a baseline for models without fusion blocks on an imported CAV-MAE, whose
 * missing modality is left out rather than zero-filled: the other goes alone through CAV-MAE's
 * own missing-modality forward mode (MODALITY_MODE_OF_CASE). Missing cases at η = 1 only.
 */
export const PROMPTINGS = ['situation', 'concat', 'modality-mode'] as const;
export const PromptingSchema = z.enum(PROMPTINGS);
export type Prompting = z.infer<typeof PromptingSchema>;

/**
 * The promptings attention is looked at under: they choose prompt sets for the fusion blocks.
 * `modality-mode` has no fusion blocks (nor cross-attention) to look at.
 */
export const AttentionPromptingSchema = z.enum(['situation', 'concat']);
export type AttentionPrompting = z.infer<typeof AttentionPromptingSchema>;

/**
 * `deep`: input prompts and content tokens attend to each other (the reference's design).
 * `readonly`: prompts read the content but content never reads prompts, so a frozen encoder's
 * content outputs do not depend on the prompts and need no backward pass.
 */
export const INPUT_PROMPT_MODES = ['deep', 'readonly'] as const;
export const InputPromptModeSchema = z.enum(INPUT_PROMPT_MODES);
export type InputPromptMode = z.infer<typeof InputPromptModeSchema>;
