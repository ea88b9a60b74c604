/**
 * Writes a PNG's physical resolution (a pHYs chunk, pixels per metre) right after its IHDR, so
 * a word processor or LaTeX places it at the size it was exported for. Browsers' canvas PNGs
 * carry none; an existing pHYs is replaced.
 */
export function withPngDpi(png: Uint8Array, dpi: number): Uint8Array {
  const signature = [137, 80, 78, 71, 13, 10, 26, 10];
  if (!signature.every((b, i) => png[i] === b)) throw new Error('not a PNG file');
  const ihdrEnd = 8 + 8 + 13 + 4;
  const chunks: Uint8Array[] = [png.subarray(0, ihdrEnd), physChunk(dpi)];
  let offset = ihdrEnd;
  while (offset < png.length) {
    const length = readUint32(png, offset);
    const end = offset + 12 + length;
    const type = String.fromCharCode(...png.subarray(offset + 4, offset + 8));
    if (type !== 'pHYs') chunks.push(png.subarray(offset, end));
    offset = end;
  }
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** The pHYs resolution of a PNG in DPI, or null without one. */
export function readPngDpi(png: Uint8Array): number | null {
  let offset = 8;
  while (offset + 8 <= png.length) {
    const length = readUint32(png, offset);
    const type = String.fromCharCode(...png.subarray(offset + 4, offset + 8));
    if (type === 'pHYs' && png[offset + 16] === 1) {
      return Math.round(readUint32(png, offset + 8) * 0.0254);
    }
    offset += 12 + length;
  }
  return null;
}

function physChunk(dpi: number): Uint8Array {
  const perMetre = Math.round(dpi / 0.0254);
  const chunk = new Uint8Array(4 + 4 + 9 + 4);
  writeUint32(chunk, 0, 9);
  chunk.set([112, 72, 89, 115], 4); // 'pHYs'
  writeUint32(chunk, 8, perMetre);
  writeUint32(chunk, 12, perMetre);
  chunk[16] = 1; // unit: metre
  writeUint32(chunk, 17, crc32(chunk.subarray(4, 17)));
  return chunk;
}

function readUint32(bytes: Uint8Array, at: number): number {
  return (
    ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0
  );
}

function writeUint32(bytes: Uint8Array, at: number, value: number): void {
  bytes[at] = value >>> 24;
  bytes[at + 1] = (value >>> 16) & 255;
  bytes[at + 2] = (value >>> 8) & 255;
  bytes[at + 3] = value & 255;
}

let table: Uint32Array | null = null;
/** CRC-32 as PNG chunks use it (ISO 3309, polynomial 0xEDB88320). */
export function crc32(bytes: Uint8Array): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const b of bytes) crc = table[(crc ^ b) & 255]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
