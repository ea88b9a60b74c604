type PlotlyModule = typeof import('plotly.js-dist-min').default;
let plotlyLoading: Promise<PlotlyModule> | null = null;

/** Plotly is 4.6 MB: it loads with the first chart, not with the app, so start-up stays fast. */
export function loadPlotly(): Promise<PlotlyModule> {
  plotlyLoading ??= import('plotly.js-dist-min').then((m) => m.default);
  return plotlyLoading;
}
