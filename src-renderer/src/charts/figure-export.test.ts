import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { sizedSvg } from './figure-export';
import {
  DEFAULT_FIGURE_SETTINGS,
  figureGeometry,
  figureSettingsErrors,
  pointsToCssPx,
} from './figure-size';
import { paperLayout, themedLayout } from './plotly-theme';
import { crc32, readPngDpi, withPngDpi } from './png-dpi';

describe('figure size', () => {
  it('lays a mm figure out at 96 px per inch and rasterises it to exactly its pixels at the DPI', () => {
    const g = figureGeometry({ unit: 'mm', width: 85, height: 60, dpi: 300 });
    expect(g.layoutWidth).toBeCloseTo((85 / 25.4) * 96, 10);
    expect(g.scale).toBe(3.125);
    // 85 × 60 mm at 300 DPI: 1003.9 × 708.7 → 1004 × 709 pixels.
    expect([g.pixelWidth, g.pixelHeight]).toEqual([1004, 709]);
    // A canvas of layout × scale, truncated as canvases are, has exactly those pixels.
    expect(Math.trunc(g.rasterLayoutWidth * g.scale)).toBe(1004);
    expect(Math.trunc(g.rasterLayoutHeight * g.scale)).toBe(709);
    expect([g.widthMm, g.heightMm]).toEqual([85, 60]);
  });

  it('takes a px figure as CSS px: 800 px at 192 DPI is 1600 pixels on a 211.7 mm page', () => {
    const g = figureGeometry({ unit: 'px', width: 800, height: 400, dpi: 192 });
    expect([g.layoutWidth, g.pixelWidth, g.pixelHeight]).toEqual([800, 1600, 800]);
    expect(g.widthMm).toBeCloseTo(211.67, 2);
  });

  it('converts points to CSS px', () => {
    expect(pointsToCssPx(9)).toBe(12);
  });

  it('names each setting out of range, and a PNG too large to draw', () => {
    expect(figureSettingsErrors(DEFAULT_FIGURE_SETTINGS)).toEqual({});
    expect(figureSettingsErrors({ ...DEFAULT_FIGURE_SETTINGS, width: 5, fontSize: 60 })).toEqual({
      width: 'between 20 and 500 mm',
      fontSize: 'between 4 and 36 pt',
    });
    expect(
      figureSettingsErrors({ ...DEFAULT_FIGURE_SETTINGS, width: 300, height: 300, dpi: 800 }).dpi,
    ).toMatch(/^9449 × 9449 pixels is too large/);
  });
});

describe('PNG resolution', () => {
  const png = () => {
    const image = new PNG({ width: 3, height: 2 });
    image.data.fill(200);
    return new Uint8Array(PNG.sync.write(image));
  };

  it('computes the PNG CRC-32', () => {
    expect(crc32(new TextEncoder().encode('IEND'))).toBe(0xae426082);
  });

  it('records the DPI in a valid pHYs chunk, replacing any earlier one', () => {
    const once = withPngDpi(png(), 300);
    expect(readPngDpi(once)).toBe(300);
    const twice = withPngDpi(once, 600);
    expect(readPngDpi(twice)).toBe(600);
    expect(twice.length).toBe(once.length);
    // pngjs checks every chunk's CRC while decoding.
    const decoded = PNG.sync.read(Buffer.from(twice));
    expect([decoded.width, decoded.height, decoded.data[0]]).toEqual([3, 2, 200]);
    expect(readPngDpi(png())).toBeNull();
  });
});

describe('SVG size', () => {
  const svg =
    '<svg class="main-svg" width="321" height="227" xmlns="http://www.w3.org/2000/svg"><g/></svg>';

  it('is given in mm with the drawing kept in a viewBox', () => {
    expect(sizedSvg(svg, 85, 60, 'mm')).toBe(
      '<svg viewBox="0 0 321 227" class="main-svg" width="85.00mm" height="60.00mm" xmlns="http://www.w3.org/2000/svg"><g/></svg>',
    );
  });

  it('stays in px for a px figure', () => {
    expect(sizedSvg(svg, 85, 60, 'px')).toBe(svg);
  });
});

describe('chart layouts', () => {
  it('draws a paper figure black on white at its size and font, keeping the chart’s axes', () => {
    const layout = paperLayout(
      { yaxis: { range: [0.8, 1] }, yaxis2: { range: [0.5, 1] } },
      { width: 321, height: 227, fontFamily: 'Times', fontSize: 12 },
    );
    expect(layout).toMatchObject({
      width: 321,
      height: 227,
      paper_bgcolor: '#fff',
      font: { family: 'Times', size: 12, color: '#000' },
      yaxis: { range: [0.8, 1], linecolor: '#000' },
      yaxis2: { range: [0.5, 1], linecolor: '#000' },
    });
  });

  it('themes every axis of a faceted chart on screen', () => {
    const layout = themedLayout({ xaxis3: { title: { text: 'η' } } }, 'dark', 300);
    expect(layout.xaxis3).toEqual({
      gridcolor: '#3a3a3a',
      zerolinecolor: '#3a3a3a',
      title: { text: 'η' },
    });
    expect(layout.yaxis).toEqual({ gridcolor: '#3a3a3a', zerolinecolor: '#3a3a3a' });
  });
});
