// plotly.js-dist-min ships no types; this declares the few calls the charts make.
declare module 'plotly.js-dist-min' {
  export type PlotData = Record<string, unknown>;
  export type PlotLayout = Record<string, unknown>;
  export interface PlotConfig {
    responsive?: boolean;
    displaylogo?: boolean;
    displayModeBar?: boolean | 'hover';
    modeBarButtonsToRemove?: string[];
    staticPlot?: boolean;
  }
  export interface ImageOptions {
    format: 'png' | 'svg' | 'jpeg' | 'webp';
    filename?: string;
    width?: number;
    height?: number;
    /** Raster pixels per layout pixel (PNG/JPEG/WebP). */
    scale?: number;
  }
  interface PlotlyStatic {
    react(
      el: HTMLElement,
      data: PlotData[],
      layout?: PlotLayout,
      config?: PlotConfig,
    ): Promise<unknown>;
    purge(el: HTMLElement): void;
    /** A chart on the page, or a figure drawn off screen for the image only. */
    toImage(
      figure: HTMLElement | { data: PlotData[]; layout?: PlotLayout; config?: PlotConfig },
      options: ImageOptions,
    ): Promise<string>;
    downloadImage(el: HTMLElement, options: ImageOptions): Promise<string>;
  }
  const Plotly: PlotlyStatic;
  export default Plotly;
}
