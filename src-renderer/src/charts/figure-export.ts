import type { PlotData, PlotLayout } from 'plotly.js-dist-min';
import { slugify } from '../lib/download';
import { dataUrlBytes, type SavedFile, saveFile } from '../lib/save-file';
import {
  FIGURE_FONTS,
  type FigureExportSettings,
  figureGeometry,
  pointsToCssPx,
} from './figure-size';
import { loadPlotly } from './plotly-loader';
import { paperLayout } from './plotly-theme';
import { withPngDpi } from './png-dpi';

const MIME = { png: 'image/png', svg: 'image/svg+xml', pdf: 'application/pdf' } as const;

/**
 * Every chart's export: the figure redrawn off screen at the chosen size and font on a white
 * page (whatever the app's theme), then saved as PNG (at the DPI, which the file records), SVG
 * (sized in mm when asked in mm) or PDF (a page of exactly that size, vector, standard fonts).
 */
export async function exportFigure(
  title: string,
  figure: { data: PlotData[]; layout: PlotLayout },
  settings: FigureExportSettings,
): Promise<SavedFile> {
  const file = await renderFigure(figure, settings);
  return saveFile({
    suggestedName: `${slugify(title, 'chart')}.${settings.format}`,
    mime: MIME[settings.format],
    data: file,
  });
}

/** The file's bytes (PNG, PDF) or text (SVG). */
export async function renderFigure(
  figure: { data: PlotData[]; layout: PlotLayout },
  settings: FigureExportSettings,
): Promise<Uint8Array | string> {
  const Plotly = await loadPlotly();
  const size = figureGeometry(settings);
  const png = settings.format === 'png';
  const width = png ? size.rasterLayoutWidth : size.layoutWidth;
  const height = png ? size.rasterLayoutHeight : size.layoutHeight;
  const layout = paperLayout(figure.layout, {
    width,
    height,
    fontFamily: FIGURE_FONTS[settings.fontFamily],
    fontSize: pointsToCssPx(settings.fontSize),
  });
  const source = { data: figure.data, layout, config: { staticPlot: true } };
  if (png) {
    const url = await Plotly.toImage(source, { format: 'png', width, height, scale: size.scale });
    return withPngDpi(dataUrlBytes(url), settings.dpi);
  }
  const svgUrl = await Plotly.toImage(source, {
    format: 'svg',
    width: size.layoutWidth,
    height: size.layoutHeight,
  });
  const svg = sizedSvg(dataUrlText(svgUrl), size.widthMm, size.heightMm, settings.unit);
  if (settings.format === 'svg') return svg;
  return svgToPdf(svg, size.widthMm, size.heightMm);
}

/**
 * Gives an SVG its physical size (width/height in mm, the drawing kept in its viewBox) when it
 * was asked for in mm; a px figure keeps its px size.
 */
export function sizedSvg(
  svg: string,
  widthMm: number,
  heightMm: number,
  unit: 'px' | 'mm',
): string {
  if (unit === 'px') return svg;
  return svg.replace(/^<svg\b[^>]*>/, (open) => {
    const w = /\swidth="([\d.]+)"/.exec(open)?.[1];
    const h = /\sheight="([\d.]+)"/.exec(open)?.[1];
    let tag = open
      .replace(/\swidth="[^"]*"/, ` width="${widthMm.toFixed(2)}mm"`)
      .replace(/\sheight="[^"]*"/, ` height="${heightMm.toFixed(2)}mm"`);
    if (w && h && !/\sviewBox=/.test(tag))
      tag = tag.replace(/^<svg/, `<svg viewBox="0 0 ${w} ${h}"`);
    return tag;
  });
}

async function svgToPdf(svg: string, widthMm: number, heightMm: number): Promise<Uint8Array> {
  const [{ jsPDF }, { svg2pdf }] = await Promise.all([import('jspdf'), import('svg2pdf.js')]);
  const doc = new jsPDF({
    unit: 'mm',
    format: [widthMm, heightMm],
    orientation: widthMm >= heightMm ? 'landscape' : 'portrait',
  });
  const element = new DOMParser().parseFromString(svg, 'image/svg+xml').documentElement;
  // svg2pdf reads computed styles: the element has to be in the document while it converts.
  const host = document.createElement('div');
  host.style.cssText = 'position:fixed;left:-10000px;top:0;visibility:hidden';
  host.append(element);
  document.body.append(host);
  try {
    await svg2pdf(element, doc, { x: 0, y: 0, width: widthMm, height: heightMm });
  } finally {
    host.remove();
  }
  return new Uint8Array(doc.output('arraybuffer'));
}

function dataUrlText(url: string): string {
  const body = url.slice(url.indexOf(',') + 1);
  return /;base64,/.test(url.slice(0, url.indexOf(',') + 1))
    ? new TextDecoder().decode(dataUrlBytes(url))
    : decodeURIComponent(body);
}
