import { PNG } from 'pngjs';
import type { RasterImage } from './raster';

/** The one PNG encoder: gray, RGB or RGBA pixels as 8-bit RGBA PNG bytes. */
export function encodePng(image: RasterImage): Buffer {
  const { width, height, channels, data } = image;
  if (data.length !== width * height * channels) {
    throw new Error(
      `encodePng: ${data.length} bytes for ${width}×${height}×${channels} (expected ${width * height * channels})`,
    );
  }
  const png = new PNG({ width, height });
  for (let p = 0; p < width * height; p++) {
    const src = p * channels;
    const gray = channels === 1;
    png.data[p * 4] = data[src]!;
    png.data[p * 4 + 1] = data[gray ? src : src + 1]!;
    png.data[p * 4 + 2] = data[gray ? src : src + 2]!;
    png.data[p * 4 + 3] = channels === 4 ? data[src + 3]! : 255;
  }
  return PNG.sync.write(png);
}

/** PNG bytes as a data URL an <img> shows. */
export function pngDataUrl(png: Buffer): string {
  return `data:image/png;base64,${png.toString('base64')}`;
}
