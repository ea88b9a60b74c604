import { z } from 'zod';

/** A degradation case: which modality is corrupted or missing at test time. */
export const CASES = [
  'complete',
  'noisy_audio',
  'noisy_visual',
  'noisy_both',
  'missing_audio',
  'missing_visual',
] as const;
export const CaseSchema = z.enum(CASES);
export type Case = z.infer<typeof CaseSchema>;

export const CASE_LABELS: Record<Case, string> = {
  complete: 'Complete',
  noisy_audio: 'Noisy audio',
  noisy_visual: 'Noisy visual',
  noisy_both: 'Noise to both',
  missing_audio: 'Missing audio',
  missing_visual: 'Missing visual',
};

/** Which modalities a case degrades, and how. */
export function caseDegradation(c: Case): {
  audio: 'clean' | 'noisy' | 'missing';
  visual: 'clean' | 'noisy' | 'missing';
} {
  switch (c) {
    case 'complete':
      return { audio: 'clean', visual: 'clean' };
    case 'noisy_audio':
      return { audio: 'noisy', visual: 'clean' };
    case 'noisy_visual':
      return { audio: 'clean', visual: 'noisy' };
    case 'noisy_both':
      return { audio: 'noisy', visual: 'noisy' };
    case 'missing_audio':
      return { audio: 'missing', visual: 'clean' };
    case 'missing_visual':
      return { audio: 'clean', visual: 'missing' };
  }
}
