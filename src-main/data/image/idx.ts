import { gunzipSync } from 'node:zlib';
import { DecodeError } from '../decode-error';
import { formatBytes, readRegularFile } from '../source-file';
import { DEFAULT_SOURCE_LIMITS, LIMIT_OPTION_NAMES } from '../source-limits';

/** An IDX file (MNIST's format): big-endian dims after a magic number. */
export interface IdxImages {
  count: number;
  rows: number;
  columns: number;
  /** [count, rows, columns] uint8. */
  pixels: Uint8Array;
}

/** The limit holds for the unpacked size too: a small .gz can unpack to gigabytes. */
function readMaybeGzipped(path: string, maxBytes: number): Uint8Array {
  const bytes = readRegularFile(path, { maxBytes });
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      return gunzipSync(bytes, { maxOutputLength: maxBytes });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new DecodeError(
          path,
          `unpacks to more than the ${formatBytes(maxBytes)} limit (raise it with ${LIMIT_OPTION_NAMES.maxFileBytes})`,
        );
      }
      throw new DecodeError(path, `bad gzip data: ${(error as Error).message}`);
    }
  }
  return bytes;
}

export function readIdxImages(
  path: string,
  maxBytes = DEFAULT_SOURCE_LIMITS.maxFileBytes,
): IdxImages {
  const bytes = readMaybeGzipped(path, maxBytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 16 || view.getUint32(0) !== 2051) {
    throw new DecodeError(path, 'not an IDX image file (magic 2051 expected)');
  }
  const count = view.getUint32(4);
  const rows = view.getUint32(8);
  const columns = view.getUint32(12);
  if (bytes.length !== 16 + count * rows * columns) {
    throw new DecodeError(path, `IDX size mismatch: header says ${count}×${rows}×${columns}`);
  }
  return { count, rows, columns, pixels: bytes.subarray(16) };
}

export function readIdxLabels(
  path: string,
  maxBytes = DEFAULT_SOURCE_LIMITS.maxFileBytes,
): Uint8Array {
  const bytes = readMaybeGzipped(path, maxBytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 8 || view.getUint32(0) !== 2049) {
    throw new DecodeError(path, 'not an IDX label file (magic 2049 expected)');
  }
  const count = view.getUint32(4);
  if (bytes.length !== 8 + count) {
    throw new DecodeError(path, `IDX size mismatch: header says ${count} labels`);
  }
  return bytes.subarray(8);
}
