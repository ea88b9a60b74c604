/** How a figure is exported: format, size (screen px, or mm at a DPI), font. */
export interface FigureExportSettings {
  format: 'png' | 'svg' | 'pdf';
  unit: 'px' | 'mm';
  width: number;
  height: number;
  /** Pixels per inch of a PNG (and the px ↔ mm conversion of a PNG sized in mm). */
  dpi: number;
  fontFamily: FigureFont;
  /** Points, as a paper's text is measured. */
  fontSize: number;
}

/** Families a PDF can embed without a font file (jsPDF's standard 14): what a paper needs. */
export const FIGURE_FONTS = {
  Helvetica: 'Helvetica, Arial, sans-serif',
  Times: '"Times New Roman", Times, serif',
  Courier: '"Courier New", Courier, monospace',
} as const;
export type FigureFont = keyof typeof FIGURE_FONTS;

/** A single-column figure of a two-column paper: 85 mm × 60 mm, 300 DPI, 8 pt Helvetica. */
export const DEFAULT_FIGURE_SETTINGS: FigureExportSettings = {
  format: 'png',
  unit: 'mm',
  width: 85,
  height: 60,
  dpi: 300,
  fontFamily: 'Helvetica',
  fontSize: 8,
};

/** CSS pixels per inch: Plotly lays out in CSS px. */
const CSS_DPI = 96;
const MM_PER_INCH = 25.4;

/**
 * The sizes one export needs: the layout in CSS px (what Plotly lays out; fractional, so a mm
 * figure is exactly its size), the PNG's pixels and the layout that rasterises to exactly them
 * at `scale`, and the physical page in mm (SVG's width/height, the PDF page). A px figure is
 * taken at 96 px per inch, so 800 px at 300 DPI gives 2500 pixels and a 211.7 mm page.
 */
export function figureGeometry(s: Pick<FigureExportSettings, 'unit' | 'width' | 'height' | 'dpi'>) {
  const inches = (v: number) => (s.unit === 'mm' ? v / MM_PER_INCH : v / CSS_DPI);
  const pixelWidth = Math.round(inches(s.width) * s.dpi);
  const pixelHeight = Math.round(inches(s.height) * s.dpi);
  const scale = s.dpi / CSS_DPI;
  return {
    layoutWidth: inches(s.width) * CSS_DPI,
    layoutHeight: inches(s.height) * CSS_DPI,
    /** Raster pixels per layout pixel (Plotly's toImage scale). */
    scale,
    pixelWidth,
    pixelHeight,
    // A canvas truncates its size: a quarter pixel over makes layout × scale land on the pixels.
    rasterLayoutWidth: (pixelWidth + 0.25) / scale,
    rasterLayoutHeight: (pixelHeight + 0.25) / scale,
    widthMm: inches(s.width) * MM_PER_INCH,
    heightMm: inches(s.height) * MM_PER_INCH,
  };
}

/** Font size in points as CSS px (Plotly's unit): 1 pt = 1/72 in, 1 px = 1/96 in. */
export function pointsToCssPx(points: number): number {
  return (points * CSS_DPI) / 72;
}

/** Problems with the settings, by field; empty when an export can start. */
export function figureSettingsErrors(
  s: FigureExportSettings,
): Partial<Record<keyof FigureExportSettings, string>> {
  const errors: Partial<Record<keyof FigureExportSettings, string>> = {};
  const [min, max] = s.unit === 'mm' ? [20, 500] : [100, 5000];
  if (!(s.width >= min && s.width <= max)) errors.width = `between ${min} and ${max} ${s.unit}`;
  if (!(s.height >= min && s.height <= max)) errors.height = `between ${min} and ${max} ${s.unit}`;
  if (!(s.dpi >= 72 && s.dpi <= 1200)) errors.dpi = 'between 72 and 1200';
  if (!(s.fontSize >= 4 && s.fontSize <= 36)) errors.fontSize = 'between 4 and 36 pt';
  const { pixelWidth, pixelHeight } = figureGeometry(s);
  if (s.format === 'png' && pixelWidth * pixelHeight > 50e6) {
    errors.dpi = `${pixelWidth} × ${pixelHeight} pixels is too large: lower the DPI or the size`;
  }
  return errors;
}
