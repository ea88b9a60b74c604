import { CASES, type Case, CaseSchema } from '@shared/domain/cases';
import type { RunRecord } from '@shared/domain/records';
import type { Store } from '../store';
import { chosenCheckpoint } from './checkpoint-choice';
import type { PromptSource } from './protocol';

/**
 * What concat-based prompting loads for a PL family (the PL runs of one experiment that share a
 * backbone, a seed and a missing rate): the backbone's checkpoint — its head is the one every
 * PL run trained its prompts over, the `backbone` concat-head policy — and one prompt set per
 * case, each from the run trained for that case (the grid point validation selected, where the
 * method has a learning-rate grid). Nothing in it depends on the case being evaluated.
 */
export interface ConcatSetup {
  backboneCheckpoint: string;
  promptSources: PromptSource[];
  /** The member each case's evaluation is stored on (its own case's run, else the first). */
  ownerOf(c: Case): RunRecord;
}

export type ConcatReadiness =
  | { ready: true; setup: ConcatSetup }
  | { ready: false; missing: string[] };

const statusNote = (r: RunRecord) => `run ${r.id} is ${r.status}`;

/** Whether a PL run's family can be evaluated concat-based, and what is missing if not. */
export function concatReadiness(store: Store, run: RunRecord): ConcatReadiness {
  if (run.method !== 'pl')
    return {
      ready: false,
      missing: [`concat-based prompting needs a PL run; run ${run.id} is ${run.method}`],
    };
  if (run.experimentId === null || run.parentRunId === null) {
    return {
      ready: false,
      missing: [
        `run ${run.id} is not part of an experiment: concat-based prompting concatenates the prompt sets of an experiment's PL runs, one per case, over their shared backbone`,
      ],
    };
  }
  const missing: string[] = [];
  const backbone = store.runs.get(run.parentRunId);
  const backboneCheckpoint = backbone ? chosenCheckpoint(store, backbone) : null;
  if (!backbone) missing.push(`its backbone run ${run.parentRunId} no longer exists`);
  else if (backbone.status !== 'done' || !backboneCheckpoint)
    missing.push(`its backbone: ${statusNote(backbone)}`);

  const siblings = promptFamily(store, run);
  const members: RunRecord[] = [];
  for (const c of expectedCases(store, run.experimentId, siblings)) {
    const candidates = siblings.filter((r) => r.case === c);
    if (candidates.length === 0) {
      missing.push(`${c}: no PL run`);
      continue;
    }
    const isGrid = candidates.some((r) => r.config.lrGrid);
    const member = isGrid ? candidates.find((r) => r.selection === 'selected') : candidates[0];
    if (!member) {
      const open = candidates.filter((r) => r.status !== 'done').map(statusNote);
      missing.push(
        `${c}: its learning-rate grid is not decided yet${open.length ? ` (${open.join(', ')})` : ''}`,
      );
      continue;
    }
    if (member.status !== 'done' || !chosenCheckpoint(store, member)) {
      missing.push(`${c}: ${statusNote(member)}`);
      continue;
    }
    members.push(member);
  }
  if (missing.length > 0 || !backboneCheckpoint) return { ready: false, missing };
  const promptSources = members.map((m) => ({
    case: m.case,
    checkpoint: chosenCheckpoint(store, m)!.path,
  }));
  const first = members[0]!;
  return {
    ready: true,
    setup: {
      backboneCheckpoint: backboneCheckpoint.path,
      promptSources,
      ownerOf: (c) => members.find((m) => m.case === c) ?? first,
    },
  };
}

/** Every PL run sharing the run's experiment, backbone, seed and missing rate, in case order. */
export function promptFamily(store: Store, run: RunRecord): RunRecord[] {
  if (run.experimentId === null) return [run];
  return store.runs
    .listByExperiment(run.experimentId)
    .filter(
      (r) =>
        r.method === 'pl' &&
        r.parentRunId === run.parentRunId &&
        r.seed === run.seed &&
        r.missingRate === run.missingRate,
    )
    .sort((a, b) => CASES.indexOf(a.case) - CASES.indexOf(b.case) || a.id - b.id);
}

/** The cases a family must cover: the experiment's trained cases, else those its runs have. */
function expectedCases(store: Store, experimentId: number, siblings: RunRecord[]): Case[] {
  const scenario = store.experiments.get(experimentId)?.scenario as { cases?: unknown } | undefined;
  const listed = CaseSchema.array().safeParse(scenario?.cases);
  const cases = new Set<Case>(listed.success ? listed.data : siblings.map((r) => r.case));
  return CASES.filter((c) => cases.has(c));
}
