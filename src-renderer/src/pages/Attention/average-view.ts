import type { AveragedAttention, AveragedAttentionMap } from '@shared/domain/attention-average';
import type { Case } from '@shared/domain/cases';
import type { AttentionPrompting } from '@shared/domain/methods';
import type { RunRecord } from '@shared/domain/records';

export type Direction = AveragedAttentionMap['direction'];
export const DIRECTION_LABELS: Record<Direction, string> = {
  audio_to_visual: 'audio → visual',
  visual_to_audio: 'visual → audio',
};

/**
 * The FT and PL runs compared with `run` on `testCase`: both of one family (a backbone and the
 * runs adapted from it: same experiment and seed). FT is the run itself, or the family's FT
 * trained on the case, else its backbone. PL is the run itself, or the family's PL run of the
 * case — any of them under concat-based prompting, whose prompt sets are the family's. Null for
 * a side the family does not have; null altogether for LoRA, Adapter and linear runs.
 */
export function ftPlPair(
  run: RunRecord,
  done: readonly RunRecord[],
  testCase: Case,
  prompting: AttentionPrompting,
): { ft: RunRecord | null; pl: RunRecord | null } | null {
  if (run.method !== 'ft' && run.method !== 'pl') return null;
  const backboneId = run.role === 'backbone' ? run.id : run.parentRunId;
  const family = done.filter(
    (r) =>
      backboneId !== null &&
      (r.id === backboneId || r.parentRunId === backboneId) &&
      r.selection !== 'not-selected',
  );
  const ft =
    run.method === 'ft'
      ? run
      : (family.find((r) => r.method === 'ft' && r.role !== 'backbone' && r.case === testCase) ??
        family.find((r) => r.id === backboneId) ??
        null);
  const pl =
    run.method === 'pl'
      ? run
      : (family.find((r) => r.method === 'pl' && r.case === testCase) ??
        (prompting === 'concat' ? family.find((r) => r.method === 'pl') : undefined) ??
        null);
  return { ft, pl };
}

/** A map's [queries, keys] mean as rows, for a heatmap. */
export function meanRows(map: AveragedAttentionMap): number[][] {
  return Array.from({ length: map.queries }, (_, q) =>
    map.mean.slice(q * map.keys, (q + 1) * map.keys),
  );
}

/** The largest weight of the maps shown side by side: one colour scale for all of them. */
export function sharedScaleMax(maps: readonly (AveragedAttentionMap | undefined)[]): number {
  let max = 0;
  for (const map of maps) for (const w of map?.mean ?? []) if (w > max) max = w;
  return max;
}

export function mapOf(
  result: AveragedAttention | undefined,
  block: number,
  direction: Direction,
): AveragedAttentionMap | undefined {
  return result?.maps.find((m) => m.block === block && m.direction === direction);
}

/** Bars of the share on prompt keys per fusion block and direction, one trace per side. */
export function promptShareBars(sides: { name: string; result: AveragedAttention | undefined }[]) {
  const layers = [
    ...new Map(
      sides
        .flatMap((s) => s.result?.maps ?? [])
        .map((m) => [`${m.block}:${m.direction}`, { block: m.block, direction: m.direction }]),
    ).values(),
  ].sort((a, b) => a.block - b.block || a.direction.localeCompare(b.direction));
  const x = layers.map((l) => `block ${l.block} ${DIRECTION_LABELS[l.direction]}`);
  return sides
    .filter((s) => s.result)
    .map((s) => ({
      type: 'bar' as const,
      name: s.name,
      x,
      y: layers.map((l) => mapOf(s.result, l.block, l.direction)?.shares.prompts ?? null),
    }));
}
