import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../decode-error';
import { decodeImage } from './decode-image';

function makePng(width: number, height: number, rgba: number[]): Uint8Array {
  const png = new PNG({ width, height });
  png.data.set(rgba);
  return new Uint8Array(PNG.sync.write(png));
}

describe('decodeImage', () => {
  it('decodes PNG pixels exactly', () => {
    const pixels = [255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 128, 10, 20, 30, 0];
    const image = decodeImage(makePng(2, 2, pixels), 'rgb.png');
    expect([image.width, image.height, image.channels]).toEqual([2, 2, 4]);
    expect(Array.from(image.data)).toEqual(pixels);
  });

  it('decodes a JPEG of a flat colour to that colour (within JPEG rounding)', () => {
    const data = new Uint8Array(16 * 16 * 4);
    for (let i = 0; i < data.length; i += 4) data.set([200, 100, 50, 255], i);
    const bytes = jpeg.encode({ width: 16, height: 16, data }, 95).data;
    const image = decodeImage(bytes, 'flat.jpg');
    expect([image.width, image.height]).toEqual([16, 16]);
    for (const [channel, expected] of [200, 100, 50].entries()) {
      expect(Math.abs(image.data[channel]! - expected)).toBeLessThanOrEqual(3);
    }
  });

  it('recognises the format by content, not by the file name', () => {
    const image = decodeImage(makePng(1, 1, [1, 2, 3, 4]), 'actually-a-png.jpg');
    expect(Array.from(image.data)).toEqual([1, 2, 3, 4]);
  });

  it('rejects a PNG whose CRC is wrong', () => {
    const bytes = makePng(2, 2, new Array(16).fill(7));
    bytes[29] = bytes[29]! ^ 0xff; // last byte of the IHDR CRC
    expect(() => decodeImage(bytes, 'crc.png')).toThrow(DecodeError);
    expect(() => decodeImage(bytes, 'crc.png')).toThrow('crc.png: bad CRC in PNG IHDR chunk');
  });

  it('rejects a ".jpg" that is really text, an empty file and a truncated PNG', () => {
    const text = new TextEncoder().encode('this is not a jpeg');
    expect(() => decodeImage(text, 'text.jpg')).toThrow(/text\.jpg: not a PNG or JPEG/);
    expect(() => decodeImage(new Uint8Array(0), 'empty.png')).toThrow(/empty file/);
    const truncated = makePng(8, 8, new Array(256).fill(9)).subarray(0, 60);
    expect(() => decodeImage(truncated, 'cut.png')).toThrow(DecodeError);
  });

  it('refuses a PNG header claiming a gigantic image before allocating it', () => {
    const bytes = makePng(1, 1, [0, 0, 0, 255]);
    new DataView(bytes.buffer, bytes.byteOffset).setUint32(16, 100_000);
    new DataView(bytes.buffer, bytes.byteOffset).setUint32(20, 100_000);
    expect(() => decodeImage(bytes, 'huge.png')).toThrow(/too large/);
  });
});
