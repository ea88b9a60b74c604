/**
 * Learning rate at a step: linear warm-up from 0 over `warmupSteps`, then either constant or a
 * half-cosine decay to 0 at `totalSteps`.
 */
export function learningRateAt(
  step: number,
  opts: { base: number; totalSteps: number; warmupSteps: number; schedule: 'constant' | 'cosine' },
): number {
  const { base, totalSteps, warmupSteps, schedule } = opts;
  if (warmupSteps > 0 && step < warmupSteps) return (base * (step + 1)) / warmupSteps;
  if (schedule === 'constant') return base;
  const span = Math.max(1, totalSteps - warmupSteps);
  const progress = Math.min(1, (step - warmupSteps) / span);
  return 0.5 * base * (1 + Math.cos(Math.PI * progress));
}
