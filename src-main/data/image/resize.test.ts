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

describe("toModelImage with 'bicubic-crop' (CAV-MAE's Resize(BICUBIC) + CenterCrop)", () => {
  it("enlarges with PIL's bicubic weights (Keys, a = −0.5), clamped to the 8-bit range", () => {
    // Square, so nothing is cropped. Row [0, 255] to 4 pixels: at x = 0.25 the taps are
    // k(0.25) = 0.8671875 and k(1.25) = −0.0703125 (normalised: 1.0882, −0.0882 → −22.5,
    // clamped to 0); at x = 0.75, k(−0.25) = 0.8671875 and k(0.75) = 0.2265625:
    // 255 · 0.2265625 / 1.09375 = 52.821. The right edge mirrors it (277.5 → 255).
    const data = Uint8Array.of(0, 255, 0, 255);
    const image = toModelImage({ width: 2, height: 2, channels: 1, data }, 4, 'bicubic-crop');
    expect(channel(image, 0).slice(0, 4)).toEqual([0, 52.821, 202.179, 255]);
  });

  it('keeps the aspect ratio and takes the centre square', () => {
    // 8×2 wide image to 2: shorter side 2 → 8 wide, crop columns 3..4 (left = round(6 / 2)).
    const data = new Uint8Array(16);
    for (let y = 0; y < 2; y++) for (let x = 0; x < 8; x++) data[y * 8 + x] = x * 10;
    const image = toModelImage({ width: 8, height: 2, channels: 1, data }, 2, 'bicubic-crop');
    expect(channel(image, 0)).toEqual([30, 40, 30, 40]);
  });

  it('rounds the crop offset half to even, as Python does', () => {
    // 3×2 to 2: resized 3 wide, left = round(0.5) = 0, so columns 0 and 1.
    const data = Uint8Array.of(0, 50, 250, 0, 50, 250);
    const image = toModelImage({ width: 3, height: 2, channels: 1, data }, 2, 'bicubic-crop');
    expect(channel(image, 0)).toEqual([0, 50, 0, 50]);
  });

  it('keeps a flat image flat when shrinking (antialiasing weights renormalised at edges)', () => {
    const data = new Uint8Array(37 * 23).fill(77);
    const image = toModelImage({ width: 37, height: 23, channels: 1, data }, 8, 'bicubic-crop');
    expect(new Set(channel(image, 0))).toEqual(new Set([77]));
  });
});
