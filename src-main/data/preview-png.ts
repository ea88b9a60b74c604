import { PNG } from 'pngjs';
import type { SamplePreview } from './preview';

/** Normalised log-mel values outside ±3σ are clipped in the picture. */
const SPECTROGRAM_RANGE = 3;

/** A few stops of a dark-to-bright colour map (magma-like); linear between stops. */
const COLOUR_STOPS: [number, number, number][] = [
  [0, 0, 4],
  [81, 18, 124],
  [183, 55, 121],
  [252, 137, 97],
  [252, 253, 191],
];

function colour(t: number): [number, number, number] {
  const x = Math.min(Math.max(t, 0), 1) * (COLOUR_STOPS.length - 1);
  const i = Math.min(Math.floor(x), COLOUR_STOPS.length - 2);
  const f = x - i;
  const a = COLOUR_STOPS[i]!;
  const b = COLOUR_STOPS[i + 1]!;
  return [0, 1, 2].map((c) => Math.round(a[c]! + f * (b[c]! - a[c]!))) as [number, number, number];
}

/** Time left to right, low mel bins at the bottom; ±3 normalised units span the colour map. */
export function spectrogramPng(preview: SamplePreview): Buffer {
  const { audioFrames, melBins } = preview.shape;
  const png = new PNG({ width: audioFrames, height: melBins });
  for (let t = 0; t < audioFrames; t++) {
    for (let m = 0; m < melBins; m++) {
      const value = preview.spectrogram[t * melBins + m]!;
      const [r, g, b] = colour((value + SPECTROGRAM_RANGE) / (2 * SPECTROGRAM_RANGE));
      const o = ((melBins - 1 - m) * audioFrames + t) * 4;
      png.data[o] = r;
      png.data[o + 1] = g;
      png.data[o + 2] = b;
      png.data[o + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}

/** Undoes the per-channel normalisation (so colours look right) and clamps to [0, 255]. */
export function imagePng(preview: SamplePreview): Buffer {
  const size = preview.shape.imageSize;
  const { imageMean, imageStd } = preview.normalisation;
  const png = new PNG({ width: size, height: size });
  for (let p = 0; p < size * size; p++) {
    for (let c = 0; c < 3; c++) {
      const value = preview.image[p * 3 + c]! * imageStd[c]! + imageMean[c]!;
      png.data[p * 4 + c] = Math.round(Math.min(Math.max(value, 0), 1) * 255);
    }
    png.data[p * 4 + 3] = 255;
  }
  return PNG.sync.write(png);
}
