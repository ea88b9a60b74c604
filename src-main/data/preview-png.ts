import type { FeatureNormalisation } from '@shared/domain/features';
import { encodePng } from './image/encode-png';
import type { RasterImage } from './image/raster';
import type { SamplePreview } from './preview';

/** Normalised log-mel values outside ±3σ are clipped in the picture. */
export const SPECTROGRAM_RANGE = 3;

/** A few stops of a dark-to-bright colour map (magma-like); linear between stops. */
const COLOUR_STOPS: [number, number, number][] = [
  [0, 0, 4],
  [81, 18, 124],
  [183, 55, 121],
  [252, 137, 97],
  [252, 253, 191],
];

export function spectrogramColour(t: number): [number, number, number] {
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
  const data = new Uint8Array(audioFrames * melBins * 3);
  for (let t = 0; t < audioFrames; t++) {
    for (let m = 0; m < melBins; m++) {
      const value = preview.spectrogram[t * melBins + m]!;
      const o = ((melBins - 1 - m) * audioFrames + t) * 3;
      data.set(spectrogramColour((value + SPECTROGRAM_RANGE) / (2 * SPECTROGRAM_RANGE)), o);
    }
  }
  return encodePng({ width: audioFrames, height: melBins, channels: 3, data });
}

/** Undoes the per-channel normalisation (so colours look right) and clamps to [0, 255]. */
export function imagePng(preview: SamplePreview): Buffer {
  return encodePng(
    denormalisedImage(preview.image, preview.shape.imageSize, preview.normalisation),
  );
}

/** A normalised [size, size, 3] image back to 8-bit RGB pixels. */
export function denormalisedImage(
  image: Float32Array,
  size: number,
  normalisation: Pick<FeatureNormalisation, 'imageMean' | 'imageStd'>,
): RasterImage {
  const { imageMean, imageStd } = normalisation;
  const data = new Uint8Array(size * size * 3);
  for (let i = 0; i < data.length; i++) {
    const value = image[i]! * imageStd[i % 3]! + imageMean[i % 3]!;
    data[i] = Math.round(Math.min(Math.max(value, 0), 1) * 255);
  }
  return { width: size, height: size, channels: 3, data };
}
