import { type Case, caseDegradation } from '@shared/domain/cases';
import { NOISE_LABELS } from '@shared/domain/corruption';
import { evaluationCases, type Scenario } from '@shared/domain/scenario';

/**
 * The corruption settings a scenario actually uses, for the review: noise types only for a
 * modality some trained or evaluated case makes noisy, and null when no case is noisy (missing
 * and complete cases never read them), so the review does not list settings that change nothing.
 */
export function corruptionSummary(scenario: Scenario): string | null {
  const cases = new Set<Case>([...scenario.cases, ...evaluationCases(scenario)]);
  const degraded = [...cases].map(caseDegradation);
  const noisyAudio = degraded.some((d) => d.audio === 'noisy');
  const noisyVisual = degraded.some((d) => d.visual === 'noisy');
  if (!noisyAudio && !noisyVisual) return null;
  const { audioNoises, visualNoises, severity } = scenario.corruption;
  const parts: string[] = [];
  if (noisyAudio) parts.push(`audio ${audioNoises.map((n) => NOISE_LABELS[n]).join('/')}`);
  if (noisyVisual) parts.push(`visual ${visualNoises.map((n) => NOISE_LABELS[n]).join('/')}`);
  return `${parts.join(', ')}, severity ${severity}`;
}
