import { PNG } from 'pngjs';
import type { CachedFeatureSource } from './cache/cached-feature-source';
import { pngDataUrl } from './image/encode-png';
import type { RasterImage } from './image/raster';
import { toModelImage } from './image/resize';
import { denormalisedImage, SPECTROGRAM_RANGE, spectrogramColour } from './preview-png';

/** Card pictures stay small: a virtualised grid asks for dozens at a time. */
export const THUMBNAIL_MAX_PX = 96;
/** A strip of the log-mel: at most this many time columns, and this many mel rows. */
export const STRIP_MAX_COLUMNS = 128;
export const STRIP_ROWS = 16;

export interface Thumbnail {
  index: number;
  imagePng: string | null;
  spectrogramPng: string | null;
}

/**
 * Thumbnails read from the feature cache: the model's image and a strip of its log-mel, no
 * decoding. Positioned reads of one row each, so cost grows with the indices, not the dataset.
 */
export function cachedThumbnails(source: CachedFeatureSource, indices: number[]): Thumbnail[] {
  const { audioFrames, melBins, imageSize } = source.shape;
  const batch = source.batch(indices);
  const audioLength = audioFrames * melBins;
  const imageLength = imageSize * imageSize * 3;
  return indices.map((index, b) => {
    const image = denormalisedImage(
      batch.visual.subarray(b * imageLength, (b + 1) * imageLength),
      imageSize,
      source.meta.normalisation,
    );
    const strip = spectrogramStrip(
      batch.audio.subarray(b * audioLength, (b + 1) * audioLength),
      audioFrames,
      melBins,
    );
    return {
      index,
      imagePng: pngDataUrl(thumbnailPng(shrink(image, THUMBNAIL_MAX_PX))),
      spectrogramPng: pngDataUrl(thumbnailPng(strip)),
    };
  });
}

/** Without a cache: the decoded image at thumbnail size, and no strip (that needs the features). */
export function decodedThumbnail(index: number, raster: RasterImage): Thumbnail {
  const size = Math.min(THUMBNAIL_MAX_PX, Math.max(raster.width, raster.height));
  const pixels = toModelImage(raster, size);
  const data = new Uint8Array(pixels.length);
  for (let i = 0; i < data.length; i++) data[i] = Math.round(pixels[i]! * 255);
  return {
    index,
    imagePng: pngDataUrl(thumbnailPng({ width: size, height: size, channels: 3, data })),
    spectrogramPng: null,
  };
}

/**
 * A normalised [frames, melBins] log-mel averaged into at most STRIP_MAX_COLUMNS × STRIP_ROWS
 * cells, time left to right and low bins at the bottom, on the CLI picture's ±3 colour range.
 */
export function spectrogramStrip(
  values: ArrayLike<number>,
  frames: number,
  melBins: number,
): RasterImage {
  const width = Math.min(frames, STRIP_MAX_COLUMNS);
  const height = Math.min(melBins, STRIP_ROWS);
  const data = new Uint8Array(width * height * 3);
  for (let x = 0; x < width; x++) {
    const f0 = Math.floor((x * frames) / width);
    const f1 = Math.max(f0 + 1, Math.floor(((x + 1) * frames) / width));
    for (let y = 0; y < height; y++) {
      const m0 = Math.floor((y * melBins) / height);
      const m1 = Math.max(m0 + 1, Math.floor(((y + 1) * melBins) / height));
      let sum = 0;
      for (let f = f0; f < f1; f++) for (let m = m0; m < m1; m++) sum += values[f * melBins + m]!;
      const mean = sum / ((f1 - f0) * (m1 - m0));
      const t = (mean + SPECTROGRAM_RANGE) / (2 * SPECTROGRAM_RANGE);
      data.set(spectrogramColour(t), ((height - 1 - y) * width + x) * 3);
    }
  }
  return { width, height, channels: 3, data };
}

/** Box-averages an RGB image down by a whole factor until it fits `max` (kept when it does). */
function shrink(image: RasterImage, max: number): RasterImage {
  const factor = Math.ceil(Math.max(image.width, image.height) / max);
  if (factor <= 1) return image;
  const width = Math.floor(image.width / factor);
  const height = Math.floor(image.height / factor);
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 3; c++) {
        let sum = 0;
        for (let dy = 0; dy < factor; dy++)
          for (let dx = 0; dx < factor; dx++)
            sum += image.data[((y * factor + dy) * image.width + x * factor + dx) * 3 + c]!;
        data[(y * width + x) * 3 + c] = Math.round(sum / (factor * factor));
      }
    }
  }
  return { width, height, channels: 3, data };
}

/**
 * An RGB picture as a small PNG, quickly: RGB without alpha, one filter (Paeth) instead of
 * trying all five per row, and the fastest deflate. About half the time of the general encoder
 * (npm run bench browser): thumbnails are made on the main side, dozens per screen.
 */
export function thumbnailPng(image: RasterImage): Buffer {
  const options = {
    width: image.width,
    height: image.height,
    colorType: 2,
    inputColorType: 2,
    inputHasAlpha: false,
    filterType: 4,
    deflateLevel: 1,
  } as const;
  const png = new PNG(options);
  png.data = Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  return PNG.sync.write(png, options);
}
