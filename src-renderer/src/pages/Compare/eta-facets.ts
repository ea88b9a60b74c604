import { CASE_LABELS, type Case } from '@shared/domain/cases';
import type { ResultsTable } from '@shared/report/results-table';
import type { PlotData, PlotLayout } from '../../charts/PlotlyChart';
import { chanceLine, type YAxisMode, yRange } from './y-range';

/** Plotly's default colours: a method keeps its colour in every facet. */
const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2'];
const MAX_COLUMNS = 3;
const GAP = 0.06;

/** The cases with a curve against η: at least two missing rates for some method. */
export function casesWithRateCurves(table: ResultsTable): Case[] {
  const cases: Case[] = [];
  for (const row of table.rows) {
    if (cases.includes(row.case)) continue;
    const rows = table.rows.filter((r) => r.case === row.case);
    if (table.columns.some((c) => rows.filter((r) => r.cells[c.key]).length >= 2)) {
      cases.push(row.case);
    }
  }
  return cases;
}

/**
 * Metric against the missing rate η, one facet per case (or only the cases asked for), one line
 * per method in the same colour in every facet. The legend lists the methods once, not every
 * case × method; the facets share one y-range, fitted to the data or from 0.
 */
export function missingRateFigure(
  table: ResultsTable,
  options: { cases?: Case[]; yMode: YAxisMode; numClasses?: number; metricLabel: string },
): { data: PlotData[]; layout: PlotLayout; rows: number } | null {
  const cases = casesWithRateCurves(table).filter(
    (c) => !options.cases || options.cases.includes(c),
  );
  if (cases.length === 0) return null;
  const columns = Math.min(MAX_COLUMNS, cases.length);
  const rows = Math.ceil(cases.length / columns);
  const data: PlotData[] = [];
  const inLegend = new Set<string>();
  cases.forEach((c, i) => {
    const axis = i === 0 ? '' : String(i + 1);
    table.columns.forEach((column, k) => {
      const points = table.rows
        .filter((r) => r.case === c && r.cells[column.key])
        .sort((a, b) => a.missingRate - b.missingRate);
      if (points.length < 2) return;
      data.push({
        type: 'scatter',
        mode: 'lines+markers',
        name: column.label,
        legendgroup: column.key,
        showlegend: !inLegend.has(column.key),
        marker: { color: PALETTE[k % PALETTE.length] },
        line: { color: PALETTE[k % PALETTE.length] },
        x: points.map((r) => r.missingRate),
        y: points.map((r) => r.cells[column.key]!.mean),
        error_y: {
          type: 'data',
          array: points.map((r) => r.cells[column.key]!.std),
          visible: true,
        },
        xaxis: `x${axis}`,
        yaxis: `y${axis}`,
        hovertemplate: `${CASE_LABELS[c]} · ${column.label}<br>η %{x}: %{y:.3f}<extra></extra>`,
      });
      inLegend.add(column.key);
    });
  });
  const range = yRange(options.yMode, data);
  const layout: PlotLayout = { annotations: [], shapes: [] };
  cases.forEach((c, i) => {
    const axis = i === 0 ? '' : String(i + 1);
    const row = Math.floor(i / columns);
    const col = i % columns;
    const x0 = col / columns + (col > 0 ? GAP / 2 : 0);
    const x1 = (col + 1) / columns - (col < columns - 1 ? GAP / 2 : 0);
    const y1 = 1 - row / rows - (row > 0 ? GAP : 0);
    const y0 = 1 - (row + 1) / rows + (row < rows - 1 ? GAP : 0);
    layout[`xaxis${axis}`] = {
      domain: [x0, x1],
      anchor: `y${axis}`,
      // Under every panel with none below it (the last row may not be full).
      ...(i + columns >= cases.length ? { title: { text: 'η' } } : {}),
    };
    layout[`yaxis${axis}`] = {
      domain: [y0, y1 - 0.04],
      anchor: `x${axis}`,
      range,
      ...(col === 0 ? { title: { text: options.metricLabel } } : {}),
    };
    (layout.annotations as unknown[]).push({
      xref: 'paper',
      yref: 'paper',
      x: (x0 + x1) / 2,
      y: y1,
      xanchor: 'center',
      yanchor: 'top',
      text: `<b>${CASE_LABELS[c]}</b>`,
      showarrow: false,
    });
    if (options.numClasses) {
      const chance = chanceLine(options.numClasses, range, axis);
      (layout.shapes as unknown[]).push(...(chance.shapes as unknown[]));
      (layout.annotations as unknown[]).push(...(chance.annotations as unknown[]));
    }
  });
  return { data, layout, rows };
}
