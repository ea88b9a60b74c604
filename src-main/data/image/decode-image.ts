import { crc32 } from 'node:zlib';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { asDecodeError, DecodeError } from '../decode-error';
import { DEFAULT_SOURCE_LIMITS, LIMIT_OPTION_NAMES, MB } from '../source-limits';
import { jpegDimensions } from './jpeg-header';
import type { RasterImage } from './raster';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export type ImageFormat = 'png' | 'jpeg';

/** Recognises the format from the first bytes, whatever the file is called. */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | undefined {
  if (PNG_SIGNATURE.every((value, i) => bytes[i] === value)) return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  return undefined;
}

/**
 * Decodes a PNG or JPEG (by content) to RGBA. Both formats state their size in a header, which
 * is checked against `maxPixels` before any pixel buffer exists.
 */
export function decodeImage(
  bytes: Uint8Array,
  file: string,
  maxPixels = DEFAULT_SOURCE_LIMITS.maxImagePixels,
): RasterImage {
  if (bytes.length === 0) throw new DecodeError(file, 'empty file (0 bytes)');
  const format = sniffImageFormat(bytes);
  if (format === 'png') return decodePng(bytes, file, maxPixels);
  if (format === 'jpeg') return decodeJpeg(bytes, file, maxPixels);
  throw new DecodeError(file, 'not a PNG or JPEG image (unrecognised signature)');
}

export function decodePng(bytes: Uint8Array, file: string, maxPixels: number): RasterImage {
  // IHDR sits at a fixed place; checking its size first keeps a lying header from allocating GBs.
  if (bytes.length < 33) throw new DecodeError(file, 'truncated PNG (no IHDR)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  checkDimensions(view.getUint32(16), view.getUint32(20), file, maxPixels);
  checkPngChunks(bytes, view, file);
  try {
    const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
      checkCRC: true,
    });
    checkDimensions(png.width, png.height, file, maxPixels);
    if (png.data.length !== png.width * png.height * 4) {
      throw new DecodeError(file, 'PNG pixel data does not match its size');
    }
    return { width: png.width, height: png.height, channels: 4, data: new Uint8Array(png.data) };
  } catch (error) {
    throw asDecodeError(file, 'PNG decoder', error);
  }
}

export function decodeJpeg(bytes: Uint8Array, file: string, maxPixels: number): RasterImage {
  const header = jpegDimensions(bytes);
  if (!header) throw new DecodeError(file, 'JPEG without a frame header (SOF marker)');
  checkDimensions(header.width, header.height, file, maxPixels);
  try {
    const image = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: true,
      maxResolutionInMP: maxPixels / 1e6,
      // jpeg-js holds RGBA plus one byte per component and pixel while decoding.
      maxMemoryUsageInMB: Math.ceil((maxPixels * 8) / MB) + 64,
    });
    checkDimensions(image.width, image.height, file, maxPixels);
    if (image.data.length !== image.width * image.height * 4) {
      throw new DecodeError(file, 'JPEG pixel data does not match its size');
    }
    return { width: image.width, height: image.height, channels: 4, data: image.data };
  } catch (error) {
    throw asDecodeError(file, 'JPEG decoder', error);
  }
}

/**
 * pngjs reports a CRC mismatch as "unrecognised content at end of stream"; walking the chunks
 * first gives the user the real reason and the chunk it is in.
 */
function checkPngChunks(bytes: Uint8Array, view: DataView, file: string): void {
  let offset = PNG_SIGNATURE.length;
  while (offset + 12 <= bytes.length) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    const end = offset + 12 + length;
    if (end > bytes.length) {
      throw new DecodeError(file, `truncated PNG: ${type} chunk claims ${length} bytes`);
    }
    const stored = view.getUint32(offset + 8 + length);
    if (crc32(bytes.subarray(offset + 4, offset + 8 + length)) !== stored) {
      throw new DecodeError(file, `bad CRC in PNG ${type} chunk`);
    }
    if (type === 'IEND') return;
    offset = end;
  }
  throw new DecodeError(file, 'truncated PNG: no IEND chunk');
}

const megapixels = (pixels: number) => Number((pixels / 1e6).toPrecision(3));

function checkDimensions(width: number, height: number, file: string, maxPixels: number): void {
  if (!(width > 0 && height > 0)) throw new DecodeError(file, `bad image size ${width}×${height}`);
  if (width * height > maxPixels) {
    throw new DecodeError(
      file,
      `image too large (${width}×${height} = ${megapixels(width * height)} megapixels, limit` +
        ` ${megapixels(maxPixels)}; raise it with ${LIMIT_OPTION_NAMES.maxImagePixels})`,
    );
  }
}
