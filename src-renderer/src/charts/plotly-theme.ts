import type { PlotLayout } from 'plotly.js-dist-min';

type AxisKey = `${'x' | 'y'}axis${'' | number}`;

/** Every axis a layout names (xaxis, yaxis2, …): facets have several. */
function axisKeys(layout: PlotLayout): AxisKey[] {
  const keys = Object.keys(layout).filter((k) => /^[xy]axis\d*$/.test(k)) as AxisKey[];
  for (const k of ['xaxis', 'yaxis'] as const) if (!keys.includes(k)) keys.push(k);
  return keys;
}

function styledAxes(layout: PlotLayout, extra: Record<string, unknown>): PlotLayout {
  const axes: PlotLayout = {};
  for (const k of axisKeys(layout)) axes[k] = { ...extra, ...(layout[k] as object | undefined) };
  return axes;
}

/** The chart on screen: transparent, following the app's light or dark theme. */
export function themedLayout(
  layout: PlotLayout,
  scheme: 'light' | 'dark',
  height: number,
): PlotLayout {
  const dark = scheme === 'dark';
  const text = dark ? '#c9c9c9' : '#333';
  const grid = dark ? '#3a3a3a' : '#e6e6e6';
  return {
    height,
    margin: { l: 56, r: 16, t: 28, b: 44 },
    paper_bgcolor: 'rgba(0,0,0,0)',
    plot_bgcolor: 'rgba(0,0,0,0)',
    font: { color: text, size: 12 },
    // Legend above the plot: below it, it collides with the x-axis title.
    legend: { orientation: 'h', x: 0, y: 1.02, yanchor: 'bottom' },
    ...layout,
    ...styledAxes(layout, { gridcolor: grid, zerolinecolor: grid }),
  };
}

/**
 * The chart for a paper: black on white at an exact size and font, with margins that scale with
 * the font so tick labels are not cut off at small sizes.
 */
export function paperLayout(
  layout: PlotLayout,
  page: { width: number; height: number; fontFamily: string; fontSize: number },
): PlotLayout {
  const f = page.fontSize;
  return {
    margin: { l: 4.5 * f, r: f, t: 2.5 * f, b: 3.5 * f },
    legend: { orientation: 'h', x: 0, y: 1.02, yanchor: 'bottom' },
    ...layout,
    ...styledAxes(layout, { gridcolor: '#e0e0e0', zerolinecolor: '#bdbdbd', linecolor: '#000' }),
    width: page.width,
    height: page.height,
    autosize: false,
    paper_bgcolor: '#fff',
    plot_bgcolor: '#fff',
    font: { family: page.fontFamily, size: f, color: '#000' },
  };
}
