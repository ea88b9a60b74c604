import type { EfficiencyRecord, RunRecord } from '../domain/records';
import type { ExportFormat } from './format-table';
import { BACKBONE_COLUMN, columnFor, columnRank } from './results-table';
import { meanStd } from './stats';
import { csvTable, latexEscape, latexTable, markdownTable } from './table-writer';

/** What training one kind of model costs, averaged over its runs (seeds, cases, rates). */
export interface EfficiencyRow {
  key: string;
  label: string;
  runs: number;
  trainableParams: number;
  totalParams: number;
  peakTensorBytes: number;
  peakRssBytes: number;
  secondsPerEpoch: number;
  /** Sample std over the runs (0 for one run). */
  secondsPerEpochStd: number;
  trainSamplesPerSec: number;
  /** This row over the FT backbone's row; null for the backbone itself or without one. */
  secondsPerEpochVsFt: number | null;
  peakTensorBytesVsFt: number | null;
}

export function buildEfficiencyTable(
  runs: readonly RunRecord[],
  efficiency: readonly EfficiencyRecord[],
): EfficiencyRow[] {
  const groups = new Map<string, { label: string; records: EfficiencyRecord[] }>();
  const runById = new Map(runs.map((r) => [r.id, r]));
  for (const e of efficiency) {
    const run = runById.get(e.runId);
    if (!run) continue;
    const column = columnFor(run, 'situation');
    const group = groups.get(column.key) ?? { label: column.label, records: [] };
    group.records.push(e);
    groups.set(column.key, group);
  }
  const mean = (records: EfficiencyRecord[], pick: (e: EfficiencyRecord) => number) =>
    meanStd(records.map(pick)).mean;
  const rows = [...groups.entries()]
    .sort(([a], [b]) => columnRank(a) - columnRank(b))
    .map(([key, { label, records }]) => ({
      key,
      label,
      runs: records.length,
      trainableParams: mean(records, (e) => e.trainableParams),
      totalParams: mean(records, (e) => e.totalParams),
      peakTensorBytes: mean(records, (e) => e.peakTensorBytes),
      peakRssBytes: mean(records, (e) => e.peakRssBytes),
      secondsPerEpoch: mean(records, (e) => e.secondsPerEpoch),
      secondsPerEpochStd: meanStd(records.map((e) => e.secondsPerEpoch)).std,
      trainSamplesPerSec: mean(records, (e) => e.trainSamplesPerSec),
      secondsPerEpochVsFt: null as number | null,
      peakTensorBytesVsFt: null as number | null,
    }));
  const ft = rows.find((r) => r.key === BACKBONE_COLUMN);
  for (const row of rows) {
    if (!ft || row === ft) continue;
    row.secondsPerEpochVsFt = row.secondsPerEpoch / ft.secondsPerEpoch;
    row.peakTensorBytesVsFt = row.peakTensorBytes / ft.peakTensorBytes;
  }
  return rows;
}

const MIB = 2 ** 20;
const HEADER = [
  'Model',
  'Runs',
  'Trainable params',
  'Total params',
  'Trainable %',
  'Peak tensors (MiB)',
  'Peak RSS (MiB)',
  's/epoch',
  'Samples/s',
  's/epoch vs FT',
  'Peak tensors vs FT',
];

function cells(row: EfficiencyRow, digits: number): string[] {
  const ratio = (x: number | null) => (x === null ? '' : x.toFixed(digits));
  return [
    row.label,
    String(row.runs),
    String(Math.round(row.trainableParams)),
    String(Math.round(row.totalParams)),
    ((100 * row.trainableParams) / row.totalParams).toFixed(digits),
    (row.peakTensorBytes / MIB).toFixed(1),
    (row.peakRssBytes / MIB).toFixed(1),
    row.secondsPerEpoch.toFixed(digits),
    row.trainSamplesPerSec.toFixed(1),
    ratio(row.secondsPerEpochVsFt),
    ratio(row.peakTensorBytesVsFt),
  ];
}

/** Means over each model kind's runs; the last two columns are ratios to the FT backbone. */
export function formatEfficiencyTable(
  rows: readonly EfficiencyRow[],
  format: ExportFormat,
  digits = 3,
): string {
  const body = rows.map((r) => cells(r, digits));
  switch (format) {
    case 'json':
      return `${JSON.stringify(rows, null, 2)}\n`;
    case 'csv':
      return csvTable(HEADER, body);
    case 'md':
      return `${markdownTable(HEADER, body)}\n`;
    case 'latex':
      return `${latexTable(
        `l${'r'.repeat(HEADER.length - 1)}`,
        HEADER.map(latexEscape),
        body.map((cells) => cells.map(latexEscape)),
        ['Means over each model kind’s runs.'],
      )}\n`;
  }
}
