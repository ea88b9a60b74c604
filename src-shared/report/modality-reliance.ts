import type { Case } from '../domain/cases';
import type { EvaluationRecord, RunRecord } from '../domain/records';
import type { ExportFormat } from './format-table';
import { meanStd } from './stats';
import { runCountsInTables } from './table-evaluations';
import { csvTable, latexEscape, latexTable, markdownTable } from './table-writer';
import { METRIC_LABELS, taskOfEvaluations } from './task-metric';

/** What each reliance column feeds the backbone. */
export const RELIANCE_INPUTS = [
  { key: 'both', case: 'complete', label: 'Both (complete)' },
  { key: 'audioOnly', case: 'missing_visual', label: 'Audio only (missing visual)' },
  { key: 'visualOnly', case: 'missing_audio', label: 'Visual only (missing audio)' },
] as const satisfies readonly { key: string; case: Case; label: string }[];
export type RelianceInput = (typeof RELIANCE_INPUTS)[number]['key'];

/**
 * "Near chance": accuracy below chance + 10 % of the distance from chance to perfect,
 * i.e. below 1/K + 0.1·(1 − 1/K) for K classes (0.19 for 10 classes). A modality alone that
 * scores there carries (almost) nothing the backbone uses.
 */
export const NEAR_CHANCE_MARGIN = 0.1;
export const nearChanceThreshold = (chance: number) => chance + NEAR_CHANCE_MARGIN * (1 - chance);

export interface RelianceCell {
  mean: number;
  std: number;
  n: number;
  /** One accuracy per backbone seed. */
  values: number[];
}

export interface RelianceRow {
  split: 'val' | 'test';
  cells: Record<RelianceInput, RelianceCell | null>;
}

export interface RelianceReport {
  /** What the cells are: accuracy, or mAP for a multi-label task (absent in older reports). */
  metric?: 'accuracy' | 'map';
  /** Number of backbone runs (seeds) seen. */
  backbones: number;
  /** The missing rate of the audio-only / visual-only evaluations (1 = the modality always gone). */
  missingRate: number | null;
  chance: number | null;
  nearChanceBelow: number | null;
  rows: RelianceRow[];
  warnings: string[];
}

/**
 * Per backbone (FT on complete data, one per seed): accuracy with both modalities, audio only
 * and visual only, on validation and test, mean over seeds. A backbone that ignores a modality
 * makes every robustness comparison built on it meaningless, so a modality alone near chance
 * is named in `warnings`.
 */
export function buildRelianceReport(
  runs: readonly RunRecord[],
  evaluations: readonly EvaluationRecord[],
): RelianceReport {
  const backbones = new Map(
    runs.filter((r) => r.role === 'backbone' && runCountsInTables(r)).map((r) => [r.id, r]),
  );
  const relevant = evaluations.filter(
    (e) =>
      backbones.has(e.runId) &&
      !e.adHoc &&
      e.prompting === 'situation' &&
      RELIANCE_INPUTS.some((input) => input.case === e.case),
  );
  // Reliance asks about a modality that is gone: η = 1 when evaluated there, else the largest η.
  const missingRates = relevant.filter((e) => e.case !== 'complete').map((e) => e.missingRate);
  const missingRate = missingRates.length > 0 ? Math.max(...missingRates) : null;
  const metric = taskOfEvaluations(relevant) === 'multi-label' ? 'map' : 'accuracy';
  const chance = metric === 'map' ? mapChance(relevant) : accuracyChance(relevant);
  const nearChanceBelow = chance === null ? null : nearChanceThreshold(chance);

  const rows: RelianceRow[] = [];
  const warnings: string[] = [];
  for (const split of ['val', 'test'] as const) {
    const cells = {} as Record<RelianceInput, RelianceCell | null>;
    for (const input of RELIANCE_INPUTS) {
      // One value per backbone: complete data has no η of its own, so take its largest one.
      const perRun = new Map<number, EvaluationRecord>();
      for (const e of relevant) {
        if (e.split !== split || e.case !== input.case) continue;
        if (input.case !== 'complete' && e.missingRate !== missingRate) continue;
        const seen = perRun.get(e.runId);
        if (!seen || e.missingRate > seen.missingRate) perRun.set(e.runId, e);
      }
      const values = [...perRun.values()]
        .map((e) => (metric === 'map' ? (e.multiLabel?.map ?? null) : e.accuracy))
        .filter((v): v is number => v !== null);
      cells[input.key] =
        values.length > 0 ? { ...meanStd(values), n: values.length, values } : null;
      const cell = cells[input.key];
      if (input.key !== 'both' && cell && nearChanceBelow !== null && cell.mean < nearChanceBelow)
        warnings.push(
          `${input.label} on ${split === 'val' ? 'validation' : 'test'}: ${METRIC_LABELS[metric]} ${cell.mean.toFixed(3)} is near chance (chance ${chance!.toFixed(3)}, near-chance threshold ${nearChanceBelow.toFixed(3)}): the backbone barely uses the other modality alone`,
        );
    }
    if (Object.values(cells).some((c) => c !== null)) rows.push({ split, cells });
  }
  return {
    ...(metric === 'map' ? { metric } : {}),
    backbones: backbones.size,
    missingRate,
    chance,
    nearChanceBelow,
    rows,
    warnings,
  };
}

/** Chance accuracy: 1 / classes (from a confusion matrix). */
function accuracyChance(evaluations: readonly EvaluationRecord[]): number | null {
  const numClasses = evaluations.find((e) => e.confusion.length > 0)?.confusion.length ?? null;
  return numClasses ? 1 / numClasses : null;
}

/**
 * Chance mAP: a scorer that ranks at random has, per class, an expected AP of that class's
 * prevalence, so chance = the mean prevalence over classes with positives (of the test split's
 * complete-data evaluation, else any).
 */
function mapChance(evaluations: readonly EvaluationRecord[]): number | null {
  const withScores = evaluations.filter((e) => e.multiLabel && e.samples > 0);
  const e =
    withScores.find((x) => x.split === 'test' && x.case === 'complete') ?? withScores[0] ?? null;
  if (!e) return null;
  const prevalences = e.multiLabel!.positives.filter((p) => p > 0).map((p) => p / e.samples);
  return prevalences.length === 0
    ? null
    : prevalences.reduce((a, b) => a + b, 0) / prevalences.length;
}

/** The legend for a report: RELIANCE_LEGEND, or its mAP form for a multi-label task. */
export function relianceLegend(report: Pick<RelianceReport, 'metric'>): string {
  return report.metric === 'map' ? RELIANCE_LEGEND_MAP : RELIANCE_LEGEND;
}

export const RELIANCE_LEGEND = `Accuracy of the FT backbone (trained on complete data), mean ± std over seeds (± from 2 seeds on), n seeds. Audio only = visual missing, visual only = audio missing. “Near chance” = below chance + ${NEAR_CHANCE_MARGIN}·(1 − chance), chance = 1/number of classes.`;

export const RELIANCE_LEGEND_MAP = `mAP of the FT backbone (trained on complete data), mean ± std over seeds (± from 2 seeds on), n seeds. Audio only = visual missing, visual only = audio missing. “Near chance” = below chance + ${NEAR_CHANCE_MARGIN}·(1 − chance), chance = the mean class prevalence (a random ranking’s expected AP per class).`;

function cellText(cell: RelianceCell | null, digits: number, pm: string): string {
  if (!cell) return '—';
  const mean = cell.mean.toFixed(digits);
  return `${cell.n >= 2 ? `${mean}${pm}${cell.std.toFixed(digits)}` : mean} (n = ${cell.n})`;
}

const SPLIT_LABEL = { val: 'validation', test: 'test' } as const;

export function formatRelianceReport(
  report: RelianceReport,
  format: ExportFormat,
  digits = 3,
): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify({ ...report, legend: relianceLegend(report) }, null, 2)}\n`;
    case 'csv': {
      const header = ['split', 'missing_rate', 'chance', 'near_chance_below'];
      for (const i of RELIANCE_INPUTS) header.push(`${i.key}_mean`, `${i.key}_std`, `${i.key}_n`);
      const rows = report.rows.map((row) => {
        const out = [
          row.split,
          String(report.missingRate ?? ''),
          report.chance?.toFixed(digits) ?? '',
          report.nearChanceBelow?.toFixed(digits) ?? '',
        ];
        for (const i of RELIANCE_INPUTS) {
          const c = row.cells[i.key];
          out.push(
            c ? c.mean.toFixed(digits) : '',
            c && c.n >= 2 ? c.std.toFixed(digits) : '',
            c ? String(c.n) : '',
          );
        }
        return out;
      });
      return csvTable(header, rows);
    }
    case 'md': {
      const table = markdownTable(
        ['Split', ...RELIANCE_INPUTS.map((i) => i.label)],
        report.rows.map((row) => [
          SPLIT_LABEL[row.split],
          ...RELIANCE_INPUTS.map((i) => cellText(row.cells[i.key], digits, ' ± ')),
        ]),
      );
      const lines = [
        table,
        '',
        `${relianceLegend(report)}${report.chance !== null ? ` Here chance = ${report.chance.toFixed(digits)}, near chance below ${report.nearChanceBelow!.toFixed(digits)}.` : ''}${report.missingRate !== null ? ` Missing rate η = ${report.missingRate}.` : ''}`,
        ...report.warnings.map((w) => `\n> **Warning:** ${w}.`),
      ];
      return `${lines.join('\n')}\n`;
    }
    case 'latex': {
      const table = latexTable(
        `l${'c'.repeat(RELIANCE_INPUTS.length)}`,
        ['Split', ...RELIANCE_INPUTS.map((i) => latexEscape(i.label))],
        report.rows.map((row) => [
          SPLIT_LABEL[row.split],
          ...RELIANCE_INPUTS.map((i) => cellText(row.cells[i.key], digits, ' $\\pm$ ')),
        ]),
        [relianceLegend(report), ...report.warnings.map((w) => `WARNING: ${w}.`)],
      );
      return `${table}\n`;
    }
  }
}
