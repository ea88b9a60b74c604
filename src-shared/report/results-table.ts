import { CASE_LABELS, CASES, type Case } from '../domain/cases';
import { METHOD_LABELS, type Prompting } from '../domain/methods';
import type { EvaluationRecord, RunRecord } from '../domain/records';
import { type PairedDifference, pairedDifference } from './paired-test';
import { meanStd } from './stats';
import { countsInTables, runCountsInTables } from './table-evaluations';
import { metricValue, type ResultMetric } from './task-metric';

export type { ResultMetric } from './task-metric';

/** One column of the results table: a kind of model, and how it was prompted. */
export interface ResultColumn {
  key: string;
  label: string;
}

export interface ResultCell {
  mean: number;
  std: number;
  /** One value per seed. */
  values: number[];
  /** The seed of each value. */
  seeds: number[];
  /** Paired difference to the row's FT baseline over the seeds both have; null in that column. */
  paired: PairedDifference | null;
  /** Difference of the mean to the FT backbone's mean on the same row; null in that column. */
  deltaToFt: number | null;
  /** Highest mean of its row. */
  best: boolean;
}

/**
 * What a row's paired differences are taken against: the FT run trained on that case (same
 * seed) when the experiment has one, else the seed's FT backbone (trained on complete data).
 */
export type PairedBaseline = 'ft_on_case' | 'ft_backbone';

export const BASELINE_LABELS: Record<PairedBaseline, string> = {
  ft_on_case: 'FT on case',
  ft_backbone: 'FT backbone',
};

export interface ResultRow {
  case: Case;
  missingRate: number;
  /** Null when the row has neither FT on case nor an FT backbone. */
  baseline: PairedBaseline | null;
  cells: Record<string, ResultCell | null>;
}

export interface ResultsTable {
  metric: ResultMetric;
  columns: ResultColumn[];
  rows: ResultRow[];
}

export const BACKBONE_COLUMN = 'ft_backbone';

/**
 * The paper's table: one row per evaluated case (× missing rate), one column per model kind.
 * The FT backbone (trained on complete data) is evaluated on every case; an adapted run counts
 * on the case it was adapted to. Cells are mean ± std over seeds, and each but the baseline's
 * carries its paired difference to the row's FT baseline (see PairedBaseline). Only test-split,
 * protocol evaluations count (countsInTables).
 */
export function buildResultsTable(
  runs: readonly RunRecord[],
  evaluations: readonly EvaluationRecord[],
  metric: ResultMetric = 'accuracy',
): ResultsTable {
  const runById = new Map(runs.map((r) => [r.id, r]));
  const groups = new Map<
    string,
    { case: Case; missingRate: number; column: string; values: number[]; seeds: number[] }
  >();
  const columns = new Map<string, ResultColumn>();

  for (const e of evaluations) {
    const run = runById.get(e.runId);
    const column = run && tableColumnOf(run, e);
    const value = metricValue(e, metric);
    // No value: a metric of the other task, or mAP of a split where no class has a positive.
    if (!run || !column || value === null) continue;
    columns.set(column.key, column);
    // The backbone has no missing rate of its own: it is evaluated at each rate it was tested at.
    const key = `${e.case}|${e.missingRate}|${column.key}`;
    const group = groups.get(key) ?? {
      case: e.case,
      missingRate: e.missingRate,
      column: column.key,
      values: [],
      seeds: [],
    };
    group.values.push(value);
    group.seeds.push(run.seed);
    groups.set(key, group);
  }

  const orderedColumns = [...columns.values()].sort(
    (a, b) => columnRank(a.key) - columnRank(b.key),
  );
  const rowKeys = new Map<string, { case: Case; missingRate: number }>();
  for (const g of groups.values())
    rowKeys.set(`${g.case}|${g.missingRate}`, { case: g.case, missingRate: g.missingRate });
  const rows = [...rowKeys.values()]
    .sort((a, b) => CASES.indexOf(a.case) - CASES.indexOf(b.case) || a.missingRate - b.missingRate)
    .map((row): ResultRow => {
      const cells: Record<string, ResultCell | null> = {};
      for (const column of orderedColumns) {
        const group = groups.get(`${row.case}|${row.missingRate}|${column.key}`);
        cells[column.key] = group
          ? {
              ...meanStd(group.values),
              values: group.values,
              seeds: group.seeds,
              paired: null,
              deltaToFt: null,
              best: false,
            }
          : null;
      }
      const ft = cells[BACKBONE_COLUMN];
      const baseline: PairedBaseline | null = cells[FT_ON_CASE_COLUMN]
        ? 'ft_on_case'
        : ft
          ? 'ft_backbone'
          : null;
      const present = Object.values(cells).filter((c): c is ResultCell => c !== null);
      const best = Math.max(...present.map((c) => c.mean));
      for (const [key, cell] of Object.entries(cells)) {
        if (!cell) continue;
        cell.best = cell.mean === best;
        cell.deltaToFt = ft && key !== BACKBONE_COLUMN ? cell.mean - ft.mean : null;
        // FT on case is itself measured against the backbone; the baseline column against nothing.
        const against =
          key === FT_ON_CASE_COLUMN ? ft : baseline && cells[baselineColumn(baseline)];
        if (key !== BACKBONE_COLUMN && against) cell.paired = pairBySeed(cell, against);
      }
      return { ...row, baseline, cells };
    });
  return { metric, columns: orderedColumns, rows };
}

/**
 * The column an evaluation counts in, or null when it does not count in a results table. An
 * adapted model counts on the case it was adapted to; a PL family evaluated concat-based is one
 * model for every case (stored once per case), and so is the backbone.
 */
export function tableColumnOf(run: RunRecord, e: EvaluationRecord): ResultColumn | null {
  if (!runCountsInTables(run) || !countsInTables(e)) return null;
  if (run.role !== 'backbone' && e.prompting !== 'concat' && run.case !== e.case) return null;
  return columnFor(run, e.prompting);
}

/** Pairs two cells' values by seed (seeds only one side has are left out). */
export function pairBySeed(cell: ResultCell, baseline: ResultCell): PairedDifference | null {
  const baseBySeed = new Map(baseline.seeds.map((seed, i) => [seed, baseline.values[i]!]));
  const a: number[] = [];
  const b: number[] = [];
  cell.seeds.forEach((seed, i) => {
    const base = baseBySeed.get(seed);
    if (base === undefined) return;
    a.push(cell.values[i]!);
    b.push(base);
  });
  return a.length > 0 ? pairedDifference(a, b) : null;
}

export const FT_ON_CASE_COLUMN = 'ft';

export function baselineColumn(baseline: PairedBaseline): string {
  return baseline === 'ft_on_case' ? FT_ON_CASE_COLUMN : BACKBONE_COLUMN;
}

const COLUMN_ORDER = [
  BACKBONE_COLUMN,
  FT_ON_CASE_COLUMN,
  'pl',
  'pl_concat',
  'lora',
  'adapter',
  'linear',
];

export function columnRank(key: string): number {
  const rank = COLUMN_ORDER.indexOf(key);
  return rank < 0 ? COLUMN_ORDER.length : rank;
}

/** The table column a run's model belongs to (PL splits by prompting). */
export function columnFor(run: RunRecord, prompting: Prompting): ResultColumn {
  if (prompting === 'modality-mode') {
    const base = columnFor(run, 'situation');
    return { key: `${base.key}_modes`, label: `${base.label} (CAV-MAE modes)` };
  }
  if (run.role === 'backbone') return { key: BACKBONE_COLUMN, label: 'FT' };
  if (run.method === 'pl') {
    return prompting === 'concat'
      ? { key: 'pl_concat', label: 'FT + PL (concat)' }
      : { key: 'pl', label: 'FT + PL' };
  }
  if (run.method === 'ft') return { key: 'ft', label: 'FT on case' };
  return { key: run.method, label: `FT + ${METHOD_LABELS[run.method]}` };
}

export function rowLabel(row: ResultRow, table: ResultsTable): string {
  const rates = new Set(table.rows.map((r) => r.missingRate));
  const label = CASE_LABELS[row.case];
  return rates.size > 1 ? `${label} (η = ${row.missingRate})` : label;
}
