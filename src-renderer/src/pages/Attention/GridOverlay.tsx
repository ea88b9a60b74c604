import { useEffect, useRef } from 'react';
import { minMax, viridis } from '../../lib/colormap';

/**
 * A token-grid heatmap drawn semi-transparently over a picture of the same modality.
 * `values` is row-major over `grid`; for audio the grid is [time, mel] and is drawn with time
 * left to right and low mel at the bottom, like the spectrogram under it.
 */
export function GridOverlay({
  grid,
  values,
  layout,
  opacity = 0.6,
}: {
  grid: readonly [number, number];
  values: number[];
  layout: 'image' | 'spectrogram';
  opacity?: number;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const [rows, cols] = grid;
    const width = layout === 'image' ? cols : rows;
    const height = layout === 'image' ? rows : cols;
    canvas.width = width;
    canvas.height = height;
    const image = ctx.createImageData(width, height);
    const { min, max } = minMax(values);
    const span = max - min || 1;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const t = (values[r * cols + c]! - min) / span;
        const [x, y] = layout === 'image' ? [c, r] : [r, cols - 1 - c];
        const p = (y * width + x) * 4;
        const [red, green, blue] = viridis(t);
        image.data[p] = red;
        image.data[p + 1] = green;
        image.data[p + 2] = blue;
        image.data[p + 3] = Math.round(255 * opacity * (0.25 + 0.75 * t));
      }
    }
    ctx.putImageData(image, 0, 0);
  }, [grid, values, layout, opacity]);
  return (
    <canvas
      ref={ref}
      aria-hidden
      style={{
        position: 'absolute',
        inset: 0,
        width: '100%',
        height: '100%',
        imageRendering: 'pixelated',
        pointerEvents: 'none',
      }}
    />
  );
}
