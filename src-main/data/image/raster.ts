/** Decoded pixels, row-major [height, width, channels], 8 bits per channel. */
export interface RasterImage {
  width: number;
  height: number;
  /** 1 = gray, 3 = RGB, 4 = RGBA. */
  channels: 1 | 3 | 4;
  data: Uint8Array;
}

/** Largest image the decoders accept; bigger files are refused before any pixel buffer exists. */
export const MAX_IMAGE_PIXELS = 50_000_000;
