import { CASES, type Case } from '@shared/domain/cases';
import type { ModelConfig } from '@shared/domain/model';
import * as tf from '@tensorflow/tfjs';
import type { ParamStore } from './params';

/**
 * One prompt set per case:
 *   prompts.<case>.audio_input, prompts.<case>.visual_input       [inputPromptLength, d]
 *   prompts.<case>.fusion.<i>.audio_attention / visual_attention  [attentionPromptLength, d]
 */
export function addPromptParams(params: ParamStore, c: ModelConfig): void {
  for (const k of CASES) {
    if (c.inputPromptLength > 0) {
      params.add(`prompts.${k}.audio_input`, [c.inputPromptLength, c.dim], 'normal');
      params.add(`prompts.${k}.visual_input`, [c.inputPromptLength, c.dim], 'normal');
    }
    if (c.attentionPromptLength > 0)
      for (let i = 0; i < c.fusionBlocks; i++) {
        params.add(
          `prompts.${k}.fusion.${i}.audio_attention`,
          [c.attentionPromptLength, c.dim],
          'normal',
        );
        params.add(
          `prompts.${k}.fusion.${i}.visual_attention`,
          [c.attentionPromptLength, c.dim],
          'normal',
        );
      }
  }
}

/** Names of one case's prompt set (what PL trains for that case). */
export function promptSetForCase(params: ParamStore, k: Case): string[] {
  return params
    .all()
    .map((p) => p.name)
    .filter((n) => n.startsWith(`prompts.${k}.`));
}

/** The prompts of the chosen cases, concatenated case after case, broadcast over the batch. */
export interface ActivePrompts {
  audioInput: tf.Tensor | null; // [B, cases·Lp, d]
  visualInput: tf.Tensor | null;
  fusion: { audio: tf.Tensor | null; visual: tf.Tensor | null }[]; // [B, cases·La, d]
}

export function activePrompts(
  params: ParamStore,
  c: ModelConfig,
  cases: readonly Case[],
  batch: number,
): ActivePrompts {
  const gather = (suffix: string) => {
    if (!params.has(`prompts.${cases[0]}.${suffix}`)) return null;
    const parts = cases.map((k) => params.get(`prompts.${k}.${suffix}`).variable);
    const joined = parts.length === 1 ? parts[0]! : tf.concat(parts, 0); // [cases·L, d]
    return tf.tile(joined.expandDims(0), [batch, 1, 1]); // [B, cases·L, d]
  };
  return {
    audioInput: gather('audio_input'),
    visualInput: gather('visual_input'),
    fusion: Array.from({ length: c.fusionBlocks }, (_, i) => ({
      audio: gather(`fusion.${i}.audio_attention`),
      visual: gather(`fusion.${i}.visual_attention`),
    })),
  };
}
