import type { ImageResize } from '@shared/domain/dataset';
import type { RasterImage } from './raster';

/** Output sample i of one axis = Σ weights[j] · input[start + j]. */
interface AxisTap {
  start: number;
  weights: Float32Array;
}

/**
 * The default filter. Shrinking averages the input area each output pixel covers (box filter
 * with fractional edges, like OpenCV INTER_AREA), so no detail aliases. Enlarging is bilinear
 * with half-pixel centres, i.e. align_corners=False as in PyTorch's and TF2's default: output
 * pixel i samples input position (i + 0.5)·in/out - 0.5, clamped at the edges.
 */
function areaBilinearTaps(inSize: number, outSize: number): AxisTap[] {
  const taps: AxisTap[] = [];
  const scale = inSize / outSize;
  for (let i = 0; i < outSize; i++) {
    if (scale > 1) {
      const from = i * scale;
      const to = from + scale;
      const start = Math.floor(from);
      const end = Math.min(inSize, Math.ceil(to));
      const weights = new Float32Array(end - start);
      for (let j = start; j < end; j++) {
        weights[j - start] = (Math.min(to, j + 1) - Math.max(from, j)) / scale;
      }
      taps.push({ start, weights });
    } else {
      const position = Math.min(Math.max((i + 0.5) * scale - 0.5, 0), inSize - 1);
      const start = Math.min(Math.floor(position), Math.max(inSize - 2, 0));
      const fraction = position - start;
      taps.push(
        inSize === 1
          ? { start: 0, weights: Float32Array.of(1) }
          : { start, weights: Float32Array.of(1 - fraction, fraction) },
      );
    }
  }
  return taps;
}

/** Keys' cubic convolution kernel with a = −0.5, PIL's BICUBIC. */
function bicubic(x: number): number {
  const a = -0.5;
  const t = Math.abs(x);
  if (t < 1) return ((a + 2) * t - (a + 3)) * t * t + 1;
  if (t < 2) return (((t - 5) * t + 8) * t - 4) * a;
  return 0;
}

/**
 * PIL's resampling coefficients (Resample.c precompute_coeffs) for BICUBIC: when shrinking, the
 * kernel is stretched by the reduction factor (PIL's antialiasing), taps are cut at the image
 * edges and renormalised. PIL then rounds to 8 bits after each pass; we keep floats, which
 * differs from PIL by at most about one 8-bit level.
 */
function bicubicTaps(inSize: number, outSize: number): AxisTap[] {
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const support = 2 * filterScale;
  const taps: AxisTap[] = [];
  for (let i = 0; i < outSize; i++) {
    const centre = (i + 0.5) * scale;
    const start = Math.max(Math.trunc(centre - support + 0.5), 0);
    const end = Math.min(Math.trunc(centre + support + 0.5), inSize);
    const weights = new Float32Array(end - start);
    let total = 0;
    for (let j = start; j < end; j++) {
      const w = bicubic((j - centre + 0.5) / filterScale);
      weights[j - start] = w;
      total += w;
    }
    if (total !== 0) for (let j = 0; j < weights.length; j++) weights[j]! /= total;
    taps.push({ start, weights });
  }
  return taps;
}

/** Python's round(): halves go to the even neighbour. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Which output pixels of which resized image become the model's size×size image. */
interface ResizePlan {
  xTaps: AxisTap[];
  yTaps: AxisTap[];
}

/**
 * `stretch`: both sides to `size` (aspect ratio not kept). `bicubic-crop`: what CAV-MAE's
 * torchvision transforms do, Resize(size, BICUBIC) — shorter side to `size`, longer side to
 * int(size · long / short) — then CenterCrop(size) with offsets int(round((side − size) / 2)).
 */
function resizePlan(image: RasterImage, size: number, resize: ImageResize): ResizePlan {
  if (resize === 'stretch') {
    return {
      xTaps: areaBilinearTaps(image.width, size),
      yTaps: areaBilinearTaps(image.height, size),
    };
  }
  const { width, height } = image;
  const short = Math.min(width, height);
  const long = Math.trunc((size * Math.max(width, height)) / short);
  const [resizedWidth, resizedHeight] = width <= height ? [size, long] : [long, size];
  const left = roundHalfEven((resizedWidth - size) / 2);
  const top = roundHalfEven((resizedHeight - size) / 2);
  return {
    xTaps: bicubicTaps(width, resizedWidth).slice(left, left + size),
    yTaps: bicubicTaps(height, resizedHeight).slice(top, top + size),
  };
}

/**
 * Resizes to size×size RGB floats in [0, 1], row-major [size, size, 3] (HWC). Gray is copied into
 * all three channels; an alpha channel is dropped (colour as stored, not composited).
 */
export function toModelImage(
  image: RasterImage,
  size: number,
  resize: ImageResize = 'stretch',
): Float32Array {
  const { width, height, channels, data } = image;
  const { xTaps, yTaps } = resizePlan(image, size, resize);
  // Bicubic overshoots near edges; PIL clips each pass to 8 bits, so we clamp each pass too.
  const clamp =
    resize === 'stretch' ? (v: number) => v : (v: number) => Math.min(Math.max(v, 0), 1);
  // Horizontal pass: [height, size, 3].
  const rows = new Float32Array(height * size * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < size; x++) {
      const { start, weights } = xTaps[x]!;
      let r = 0;
      let g = 0;
      let b = 0;
      for (let j = 0; j < weights.length; j++) {
        const p = (y * width + start + j) * channels;
        const w = weights[j]!;
        if (channels === 1) {
          r += w * data[p]!;
        } else {
          r += w * data[p]!;
          g += w * data[p + 1]!;
          b += w * data[p + 2]!;
        }
      }
      const o = (y * size + x) * 3;
      rows[o] = clamp(r / 255);
      rows[o + 1] = clamp((channels === 1 ? r : g) / 255);
      rows[o + 2] = clamp((channels === 1 ? r : b) / 255);
    }
  }
  // Vertical pass: [size, size, 3].
  const out = new Float32Array(size * size * 3);
  for (let y = 0; y < size; y++) {
    const { start, weights } = yTaps[y]!;
    for (let x = 0; x < size; x++) {
      for (let c = 0; c < 3; c++) {
        let sum = 0;
        for (let j = 0; j < weights.length; j++) {
          sum += weights[j]! * rows[((start + j) * size + x) * 3 + c]!;
        }
        out[(y * size + x) * 3 + c] = clamp(sum);
      }
    }
  }
  return out;
}
