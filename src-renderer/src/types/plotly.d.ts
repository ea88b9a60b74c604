// plotly.js-dist-min ships no types; this declares the few calls the charts make.
declare module 'plotly.js-dist-min' {
  export type PlotData = Record<string, unknown>;
  export type PlotLayout = Record<string, unknown>;
  export interface PlotConfig {
    responsive?: boolean;
    displaylogo?: boolean;
    displayModeBar?: boolean | 'hover';
    modeBarButtonsToRemove?: string[];
  }
  export interface ImageOptions {
    format: 'png' | 'svg' | 'jpeg' | 'webp';
    filename?: string;
    width?: number;
    height?: number;
  }
  interface PlotlyStatic {
    react(
      el: HTMLElement,
      data: PlotData[],
      layout?: PlotLayout,
      config?: PlotConfig,
    ): Promise<unknown>;
    purge(el: HTMLElement): void;
    toImage(el: HTMLElement, options: ImageOptions): Promise<string>;
    downloadImage(el: HTMLElement, options: ImageOptions): Promise<string>;
  }
  const Plotly: PlotlyStatic;
  export default Plotly;
}
