import { describeCompute } from '../domain/backend';
import type { RunRecord } from '../domain/records';

/**
 * What computed an experiment's runs, one entry per distinct setup with its run count, most runs
 * first: results reproduce exactly only on the same setup, so a results document says which.
 * Runs that never started are left out; runs stored before setups were recorded count as
 * `<backend>, setup not recorded`.
 */
export function computeSummary(runs: readonly RunRecord[]): string {
  const counts = new Map<string, number>();
  for (const run of runs) {
    const key = run.compute
      ? describeCompute(run.compute)
      : run.backend
        ? `${run.backend}, setup not recorded`
        : null;
    if (key) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([setup, n]) => `${setup} (${n} run${n === 1 ? '' : 's'})`)
    .join('; ');
}
