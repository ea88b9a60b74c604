import { Box } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { minMax, viridis } from '../lib/colormap';

/**
 * A log-mel spectrogram on a canvas: time left to right, low mel bins at the bottom.
 * `values` is row-major [frames, melBins]. Drawn pixel by pixel (no chart library) because it is
 * redrawn on every preview change.
 */
export function Spectrogram({
  frames,
  melBins,
  values,
  label,
  height = 160,
  range,
  children,
}: {
  frames: number;
  melBins: number;
  values: ArrayLike<number>;
  label: string;
  height?: number;
  /**
   * The values at the two ends of the colour map (outside are clipped). Give two spectrograms
   * the same range to compare them; without one, each spans its own min–max.
   */
  range?: { min: number; max: number };
  /** Overlays (e.g. attention) laid over the canvas. */
  children?: React.ReactNode;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  const low = range?.min;
  const high = range?.max;
  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    canvas.width = frames;
    canvas.height = melBins;
    const image = ctx.createImageData(frames, melBins);
    const { min, max } =
      low !== undefined && high !== undefined ? { min: low, max: high } : minMax(values);
    const span = max - min || 1;
    for (let f = 0; f < frames; f++) {
      for (let m = 0; m < melBins; m++) {
        const [r, g, b] = viridis((values[f * melBins + m]! - min) / span);
        const p = ((melBins - 1 - m) * frames + f) * 4; // row = mel bin flipped so low is down
        image.data[p] = r;
        image.data[p + 1] = g;
        image.data[p + 2] = b;
        image.data[p + 3] = 255;
      }
    }
    ctx.putImageData(image, 0, 0);
  }, [frames, melBins, values, low, high]);
  return (
    <Box pos="relative" h={height} w="100%">
      <canvas
        ref={ref}
        role="img"
        aria-label={label}
        style={{ width: '100%', height: '100%', imageRendering: 'pixelated', display: 'block' }}
      />
      {children}
    </Box>
  );
}
