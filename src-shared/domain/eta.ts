/**
 * Seconds left at the rate seen so far: (what is left) × elapsed / (what was done since the
 * start); null until something was done. The CLI's progress lines and the app's import dialog
 * both say it.
 */
export function etaSeconds(doneSinceStart: number, left: number, elapsedMs: number): number | null {
  if (doneSinceStart <= 0 || elapsedMs <= 0) return null;
  return (left * elapsedMs) / doneSinceStart / 1000;
}
