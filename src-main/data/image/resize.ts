import type { RasterImage } from './raster';

/** Output sample i of one axis = Σ weights[j] · input[start + j]. */
interface AxisTap {
  start: number;
  weights: Float32Array;
}

/**
 * Per-axis resampling weights. Shrinking averages the input area each output pixel covers (box
 * filter with fractional edges, like OpenCV INTER_AREA), so no detail aliases. Enlarging is
 * bilinear with half-pixel centres, i.e. align_corners=False as in PyTorch's and TF2's
 * default: output pixel i samples input position (i + 0.5)·in/out - 0.5, clamped at the edges.
 */
function axisTaps(inSize: number, outSize: number): AxisTap[] {
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

/**
 * Resizes to size×size RGB floats in [0, 1], row-major [size, size, 3] (HWC). Gray is copied into
 * all three channels; an alpha channel is dropped (colour as stored, not composited).
 */
export function toModelImage(image: RasterImage, size: number): Float32Array {
  const { width, height, channels, data } = image;
  const xTaps = axisTaps(width, size);
  const yTaps = axisTaps(height, size);
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
      rows[o] = r / 255;
      rows[o + 1] = (channels === 1 ? r : g) / 255;
      rows[o + 2] = (channels === 1 ? r : b) / 255;
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
        out[(y * size + x) * 3 + c] = sum;
      }
    }
  }
  return out;
}
