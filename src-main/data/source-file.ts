import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { DecodeError } from './decode-error';
import { LIMIT_OPTION_NAMES, MB } from './source-limits';

/**
 * Reads a whole regular file, refusing anything else before reading a byte. A character device
 * (/dev/zero) reports size 0 and then never ends, and opening a FIFO for reading waits for a
 * writer forever; O_NONBLOCK makes that open return at once, and fstat on the opened descriptor
 * (not a stat of the path, which could be swapped in between) decides.
 */
export function readRegularFile(
  path: string,
  options: { maxBytes: number; expectedBytes?: number },
): Buffer {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw new DecodeError(path, openFailure(error), { cause: error });
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new DecodeError(path, `not a regular file (${fileKind(stats)})`);
    const size = stats.size;
    if (options.expectedBytes !== undefined && size !== options.expectedBytes) {
      throw new DecodeError(
        path,
        `file changed since the import (${options.expectedBytes} → ${size} bytes)`,
      );
    }
    if (size > options.maxBytes) {
      throw new DecodeError(
        path,
        `file is ${formatBytes(size)}, above the ${formatBytes(options.maxBytes)} limit on one` +
          ` file (raise it with ${LIMIT_OPTION_NAMES.maxFileBytes})`,
      );
    }
    // Exactly the size fstat gave: a file that grows meanwhile cannot push past the limit.
    const buffer = Buffer.allocUnsafe(size);
    let read = 0;
    while (read < size) {
      const n = readSync(fd, buffer, read, size - read, read);
      if (n === 0) break;
      read += n;
    }
    if (read < size)
      throw new DecodeError(path, `file shrank while being read (${read} of ${size} bytes)`);
    return buffer;
  } finally {
    closeSync(fd);
  }
}

export function formatBytes(bytes: number): string {
  return bytes >= MB ? `${(bytes / MB).toFixed(1)} MB` : `${bytes} bytes`;
}

function fileKind(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a file';
}

function openFailure(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return 'file not found';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied (not readable by this user)';
    case 'EISDIR':
      return 'not a regular file (a directory)';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    default:
      return `cannot open: ${(error as Error).message}`;
  }
}
