import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { encodePng, pngDataUrl } from './encode-png';

const decode = (bytes: Buffer) => {
  const png = PNG.sync.read(bytes);
  return { width: png.width, height: png.height, rgba: [...png.data] };
};

describe('encodePng', () => {
  it('spreads gray over RGB and makes it opaque', () => {
    const png = encodePng({ width: 2, height: 1, channels: 1, data: Uint8Array.of(0, 200) });
    expect(decode(png)).toEqual({ width: 2, height: 1, rgba: [0, 0, 0, 255, 200, 200, 200, 255] });
  });

  it('keeps RGB row-major and RGBA alpha', () => {
    const rgb = encodePng({
      width: 1,
      height: 2,
      channels: 3,
      data: Uint8Array.of(1, 2, 3, 4, 5, 6),
    });
    expect(decode(rgb).rgba).toEqual([1, 2, 3, 255, 4, 5, 6, 255]);
    const rgba = encodePng({ width: 1, height: 1, channels: 4, data: Uint8Array.of(9, 8, 7, 6) });
    expect(decode(rgba).rgba).toEqual([9, 8, 7, 6]);
  });

  it('refuses pixels that do not fill the image', () => {
    expect(() => encodePng({ width: 2, height: 2, channels: 3, data: new Uint8Array(11) })).toThrow(
      /11 bytes for 2×2×3/,
    );
  });

  it('makes a data URL of the bytes', () => {
    expect(pngDataUrl(Buffer.from([1, 2, 3]))).toBe('data:image/png;base64,AQID');
  });
});
