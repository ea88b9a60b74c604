import { describe, expect, it } from 'vitest';
import { toModelImage } from './resize';

function channel(image: Float32Array, c: number): number[] {
  return Array.from(
    image.filter((_, i) => i % 3 === c),
    (v) => Math.round(v * 255 * 1000) / 1000,
  );
}

describe('toModelImage', () => {
  it('copies gray into three channels', () => {
    const image = toModelImage({ width: 1, height: 1, channels: 1, data: Uint8Array.of(51) }, 1);
    expect(Array.from(image)).toEqual([0.2, 0.2, 0.2].map((v) => Math.fround(v)));
  });

  it('averages the covered area when shrinking (4×4 → 2×2)', () => {
    // biome-ignore format: a 4×4 gray image
    const data = Uint8Array.of(
      0, 4, 8, 12,
      4, 8, 12, 16,
      100, 100, 0, 0,
      100, 100, 0, 0,
    );
    const image = toModelImage({ width: 4, height: 4, channels: 1, data }, 2);
    expect(channel(image, 0)).toEqual([4, 12, 100, 0]);
  });

  it('interpolates bilinearly with half-pixel centres when enlarging (align_corners=False)', () => {
    const data = Uint8Array.of(0, 100);
    const image = toModelImage({ width: 2, height: 1, channels: 1, data }, 4);
    // Row 0: x positions -0.25→0, 0.25, 0.75, 1.25→1 (clamped).
    expect(channel(image, 0).slice(0, 4)).toEqual([0, 25, 75, 100]);
  });

  it('keeps RGB channels apart and drops alpha', () => {
    const data = Uint8Array.of(255, 0, 51, 0);
    const image = toModelImage({ width: 1, height: 1, channels: 4, data }, 2);
    expect(channel(image, 0)).toEqual([255, 255, 255, 255]);
    expect(channel(image, 1)).toEqual([0, 0, 0, 0]);
    expect(channel(image, 2)).toEqual([51, 51, 51, 51]);
  });
});
