import { SIGNIFICANCE_LEGEND, significanceMark } from './paired-test';
import {
  BASELINE_LABELS,
  type ResultCell,
  type ResultRow,
  type ResultsTable,
  rowLabel,
} from './results-table';
import { csvTable, latexEscape, latexTable, markdownTable } from './table-writer';
import { MULTI_LABEL_LEGEND } from './task-metric';

export const EXPORT_FORMATS = ['csv', 'md', 'latex', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const fixed = (x: number, digits: number) => (Number.isFinite(x) ? x.toFixed(digits) : '');
const optional = (x: number | null | undefined, digits: number) =>
  x == null ? '' : fixed(x, digits);
/** p-values keep their small magnitudes readable whatever the table's digits. */
const pValue = (p: number | null | undefined) => (p == null ? '' : p.toPrecision(3));
/** "+0.050" / "−0.050"; a difference that rounds to zero is "+0.000", whatever its float sign. */
export function signed(x: number, digits: number, minus = '−'): string {
  const rounded = Number(x.toFixed(digits));
  return `${rounded >= 0 ? '+' : minus}${fixed(Math.abs(rounded), digits)}`;
}

/** What the Markdown and LaTeX cells mean, printed under the table. */
export const RESULTS_LEGEND = `Mean ± sample std over seeds (± only from 2 seeds on); in brackets the paired difference to the row’s FT baseline (column “Baseline”) over the seeds both have, and n, the number of seeds. ${SIGNIFICANCE_LEGEND}. Best mean of each row in bold.`;

/** The legend of a table: for multi-label metrics, what the values are comes first. */
export function resultsLegend(table: Pick<ResultsTable, 'metric'>): string {
  const what = MULTI_LABEL_LEGEND[table.metric];
  return what ? `${what} ${RESULTS_LEGEND}` : RESULTS_LEGEND;
}

/**
 * Values as stored (accuracy, mAP … in 0..1). Every format carries n and the paired test: CSV and JSON
 * the difference, its 95 % interval and both p-values; Markdown and LaTeX significance marks.
 */
export function formatResultsTable(
  table: ResultsTable,
  format: ExportFormat,
  digits = 3,
  /** Extra top-level fields for the JSON export (e.g. pooled confusion matrices). */
  jsonExtras: Record<string, unknown> = {},
): string {
  switch (format) {
    case 'csv':
      return toCsv(table, digits);
    case 'md':
      return toMarkdown(table, digits);
    case 'latex':
      return toLatex(table, digits);
    case 'json':
      return `${JSON.stringify({ ...table, legend: resultsLegend(table), ...jsonExtras }, null, 2)}\n`;
  }
}

const CSV_FIELDS = [
  'mean',
  'std',
  'n',
  'delta_to_ft',
  'diff',
  'ci_low',
  'ci_high',
  'p_t',
  'p_wilcoxon',
  'n_paired',
] as const;

function toCsv(table: ResultsTable, digits: number): string {
  const header = ['case', 'missing_rate', 'baseline'];
  for (const c of table.columns) header.push(...CSV_FIELDS.map((f) => `${c.key}_${f}`));
  const rows = table.rows.map((row) => {
    const cells: string[] = [row.case, String(row.missingRate), row.baseline ?? ''];
    for (const c of table.columns) {
      const cell = row.cells[c.key];
      const p = cell?.paired;
      cells.push(
        cell ? fixed(cell.mean, digits) : '',
        cell && cell.values.length >= 2 ? fixed(cell.std, digits) : '',
        cell ? String(cell.values.length) : '',
        optional(cell?.deltaToFt, digits),
        optional(p?.mean, digits),
        optional(p?.ciLow, digits),
        optional(p?.ciHigh, digits),
        pValue(p?.pT),
        pValue(p?.pWilcoxon),
        p ? String(p.n) : '',
      );
    }
    return cells;
  });
  return csvTable(header, rows);
}

/** "0.712 ± 0.020" from two seeds on, "0.712" for one: a spread of one value means nothing. */
export function meanText(cell: ResultCell, digits: number, pm = ' ± '): string {
  return cell.values.length >= 2
    ? `${fixed(cell.mean, digits)}${pm}${fixed(cell.std, digits)}`
    : fixed(cell.mean, digits);
}

/** "(+0.050**, n = 3)": the paired difference with its marks, and n; "(n = 3)" without a pair. */
export function pairedText(cell: ResultCell, digits: number): string {
  const n = `n = ${cell.values.length}`;
  const p = cell.paired;
  if (!p) return `(${n})`;
  const pairs = p.n === cell.values.length ? n : `${n}, ${p.n} paired`;
  return `(${signed(p.mean, digits)}${significanceMark(p.pT)}, ${pairs})`;
}

const baselineText = (row: ResultRow) => (row.baseline ? BASELINE_LABELS[row.baseline] : '—');

function toMarkdown(table: ResultsTable, digits: number): string {
  const header = ['Case', 'Baseline', ...table.columns.map((c) => c.label)];
  const rows = table.rows.map((row) => {
    const cells = table.columns.map((c) => {
      const cell = row.cells[c.key];
      if (!cell) return '—';
      const mean = meanText(cell, digits);
      return `${cell.best ? `**${mean}**` : mean} ${pairedText(cell, digits)}`;
    });
    return [rowLabel(row, table), baselineText(row), ...cells];
  });
  return `${[markdownTable(header, rows), '', resultsLegend(table)].join('\n')}\n`;
}

function toLatex(table: ResultsTable, digits: number): string {
  const header = ['Case', 'Baseline', ...table.columns.map((c) => latexEscape(c.label))];
  const rows = table.rows.map((row) => {
    const cells = table.columns.map((c) => {
      const cell = row.cells[c.key];
      if (!cell) return '--';
      const mean = meanText(cell, digits, ' $\\pm$ ');
      const marks = significanceMark(cell.paired?.pT ?? null);
      const diff = cell.paired
        ? ` (${signed(cell.paired.mean, digits, '$-$')}${marks ? `$^{${marks}}$` : ''})`
        : '';
      return `${cell.best ? `\\textbf{${mean}}` : mean}${diff} {\\scriptsize $n{=}${cell.values.length}$}`;
    });
    return [latexEscape(rowLabel(row, table)), latexEscape(baselineText(row)), ...cells];
  });
  const spec = `ll${'c'.repeat(table.columns.length)}`;
  return `${latexTable(spec, header, rows, [resultsLegend(table)])}\n`;
}
