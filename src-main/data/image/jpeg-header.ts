/**
 * Width and height from a JPEG's frame header (SOF0–SOF15 but DHT, JPG and DAC), found by
 * walking the marker segments; undefined when there is none before the data ends.
 */
export function jpegDimensions(bytes: Uint8Array): { width: number; height: number } | undefined {
  let offset = 2; // after SOI
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) return undefined;
    const marker = bytes[offset + 1]!;
    // Fill bytes, and markers without a length (RSTn, TEM).
    if (marker === 0xff) {
      offset++;
      continue;
    }
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      offset += 2;
      continue;
    }
    const length = (bytes[offset + 2]! << 8) | bytes[offset + 3]!;
    const isFrame = marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker);
    if (isFrame) {
      if (offset + 9 > bytes.length) return undefined;
      const height = (bytes[offset + 5]! << 8) | bytes[offset + 6]!;
      const width = (bytes[offset + 7]! << 8) | bytes[offset + 8]!;
      return { width, height };
    }
    if (marker === 0xd9 || marker === 0xda) return undefined; // EOI, or scan data before a frame
    offset += 2 + length;
  }
  return undefined;
}
