import type { Case } from '@shared/domain/cases';
import type { RunRecord } from '@shared/domain/records';
import type { Store } from '../store';
import type { PromptSource } from './protocol';

/**
 * PL runs that share a backbone, a seed and a missing rate form one family: concat-based
 * prompting concatenates the prompt sets of every case the family trained.
 */
export function promptFamily(store: Store, run: RunRecord): RunRecord[] {
  if (run.method !== 'pl') return [run];
  if (run.experimentId === null) return [run];
  return store.runs
    .listByExperiment(run.experimentId)
    .filter(
      (r) =>
        r.method === 'pl' &&
        r.parentRunId === run.parentRunId &&
        r.seed === run.seed &&
        r.missingRate === run.missingRate,
    );
}

/** Prompt sets of a finished family, one per case; null while a member has no final checkpoint. */
export function promptSources(store: Store, family: RunRecord[]): PromptSource[] | null {
  const sources: PromptSource[] = [];
  const seen = new Set<Case>();
  for (const member of family) {
    if (member.status !== 'done') return null;
    const checkpoint = store.results.latestCheckpoint(member.id);
    if (!checkpoint || seen.has(member.case)) continue;
    seen.add(member.case);
    sources.push({ case: member.case, checkpoint: checkpoint.path });
  }
  return sources;
}
