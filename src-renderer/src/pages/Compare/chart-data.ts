import { type ResultsTable, rowLabel } from '@shared/report/results-table';
import type { PlotData } from '../../charts/PlotlyChart';

/** Grouped bars: one group per row (case × η), one bar per column, error bars = std over seeds. */
export function groupedBarTraces(table: ResultsTable): PlotData[] {
  const labels = table.rows.map((r) => rowLabel(r, table));
  return table.columns.map((column) => ({
    type: 'bar',
    name: column.label,
    x: labels,
    y: table.rows.map((r) => r.cells[column.key]?.mean ?? null),
    error_y: {
      type: 'data',
      array: table.rows.map((r) => r.cells[column.key]?.std ?? 0),
      visible: true,
    },
  }));
}
