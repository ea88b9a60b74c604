import type { PlotData, PlotLayout } from '../../charts/PlotlyChart';

/** How a chart's y-axis is chosen: fitted to the data, or the whole [0, 1] from zero. */
export type YAxisMode = 'fitted' | 'zero';

/**
 * A y-range around every plotted value ± its error bar, padded by 15 % of the span (at least
 * ±0.02) and kept inside [0, 1]: differences of 0.01 stay visible, which a bar from 0 hides.
 */
export function fittedRange(traces: PlotData[]): [number, number] {
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (const trace of traces) {
    const ys = (trace.y as (number | null)[] | undefined) ?? [];
    const errors = ((trace.error_y as { array?: number[] } | undefined)?.array ?? []) as number[];
    ys.forEach((y, i) => {
      if (y === null || !Number.isFinite(y)) return;
      const e = errors[i] ?? 0;
      low = Math.min(low, y - e);
      high = Math.max(high, y + e);
    });
  }
  if (!Number.isFinite(low)) return [0, 1];
  const pad = Math.max(0.15 * (high - low), 0.02);
  // To the hundredth outward; toFixed first so 0.96000000001 is 0.96, not 0.97.
  const floor = (v: number) => Math.floor(Number((v * 100).toFixed(6))) / 100;
  const ceil = (v: number) => Math.ceil(Number((v * 100).toFixed(6))) / 100;
  return [Math.max(0, floor(low - pad)), Math.min(1, ceil(high + pad))];
}

export function yRange(mode: YAxisMode, traces: PlotData[]): [number, number] {
  return mode === 'zero' ? [0, 1] : fittedRange(traces);
}

/**
 * A dashed horizontal line at chance accuracy (1 / number of classes), labelled: a bar near it
 * is a model that learned nothing on that case. When a fitted axis leaves chance out, the label
 * stays, at the axis' bottom, and says so. `axis` names a facet's axes ('2' → x2/y2).
 */
export function chanceLine(
  numClasses: number,
  range: [number, number] = [0, 1],
  axis = '',
): Pick<PlotLayout, 'shapes' | 'annotations'> {
  const chance = 1 / numClasses;
  const text = `chance (1/${numClasses} = ${chance.toFixed(3)})`;
  const font = { size: 11, color: 'rgba(134,142,150,1)' };
  const xref = `x${axis} domain`;
  const yref = `y${axis}`;
  if (chance < range[0] || chance > range[1]) {
    return {
      shapes: [],
      annotations: [
        {
          xref,
          x: 1,
          xanchor: 'right',
          yref: `y${axis} domain`,
          y: chance < range[0] ? 0 : 1,
          yanchor: chance < range[0] ? 'bottom' : 'top',
          text: `${text} ${chance < range[0] ? 'below' : 'above'} the axis`,
          showarrow: false,
          font,
        },
      ],
    };
  }
  return {
    shapes: [
      {
        type: 'line',
        xref,
        yref,
        x0: 0,
        x1: 1,
        y0: chance,
        y1: chance,
        line: { dash: 'dash', width: 1.5, color: 'rgba(134,142,150,0.9)' },
      },
    ],
    annotations: [
      {
        xref,
        x: 1,
        xanchor: 'right',
        yref,
        y: chance,
        yanchor: 'bottom',
        text,
        showarrow: false,
        font,
      },
    ],
  };
}
