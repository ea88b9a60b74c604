import { CASE_LABELS } from '@shared/domain/cases';
import { type ResultsTable, rowLabel } from '@shared/report/results-table';
import type { PlotData, PlotLayout } from '../../charts/PlotlyChart';

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

/** Metric against missing rate η: one line per (case, column); empty when there is one η only. */
export function missingRateTraces(table: ResultsTable): PlotData[] {
  const rates = [...new Set(table.rows.map((r) => r.missingRate))].sort((a, b) => a - b);
  if (rates.length < 2) return [];
  const cases = [...new Set(table.rows.map((r) => r.case))];
  const traces: PlotData[] = [];
  for (const c of cases) {
    for (const column of table.columns) {
      const rows = table.rows.filter((r) => r.case === c && r.cells[column.key]);
      if (rows.length < 2) continue;
      traces.push({
        type: 'scatter',
        mode: 'lines+markers',
        name: `${CASE_LABELS[c]} · ${column.label}`,
        x: rows.map((r) => r.missingRate),
        y: rows.map((r) => r.cells[column.key]!.mean),
        error_y: { type: 'data', array: rows.map((r) => r.cells[column.key]!.std), visible: true },
      });
    }
  }
  return traces;
}

/**
 * A dashed horizontal line at chance accuracy (1 / number of classes), labelled: a bar near it
 * is a model that learned nothing on that case.
 */
export function chanceLine(numClasses: number): Pick<PlotLayout, 'shapes' | 'annotations'> {
  const chance = 1 / numClasses;
  return {
    shapes: [
      {
        type: 'line',
        xref: 'paper',
        x0: 0,
        x1: 1,
        y0: chance,
        y1: chance,
        line: { dash: 'dash', width: 1.5, color: 'rgba(134,142,150,0.9)' },
      },
    ],
    annotations: [
      {
        xref: 'paper',
        x: 1,
        xanchor: 'right',
        y: chance,
        yanchor: 'bottom',
        text: `chance (1/${numClasses} = ${chance.toFixed(3)})`,
        showarrow: false,
        font: { size: 11, color: 'rgba(134,142,150,1)' },
      },
    ],
  };
}
