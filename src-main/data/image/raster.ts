/** Decoded pixels, row-major [height, width, channels], 8 bits per channel. */
export interface RasterImage {
  width: number;
  height: number;
  /** 1 = gray, 3 = RGB, 4 = RGBA. */
  channels: 1 | 3 | 4;
  data: Uint8Array;
}

/**
 * Largest image ever decoded, whatever limit an import was given: features recomputed later
 * read files an import already accepted (their size is checked), so they need no lower bound.
 */
export const MAX_IMAGE_PIXELS = 400_000_000;
