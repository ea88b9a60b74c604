import { accessSync, constants } from 'node:fs';
import type { ApiError } from '@shared/api/envelope';
import { unavailable } from './errors';

/**
 * A disk or permission failure as a person can act on it: what was being done, to which file
 * or folder, and why (read-only file system, permission, disk full). Node's own messages name
 * the syscall but not always the path (a write to a descriptor), nor what to do.
 */
export function explainFsError(error: unknown, path: string, action: string): ApiError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return unavailable(`cannot ${action} ${path}: ${fsCause(code, error)}`);
}

export function fsCause(code: string | undefined, error?: unknown): string {
  switch (code) {
    case 'EROFS':
      return 'the file system is read-only';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied (not writable or not readable by this user)';
    case 'ENOSPC':
      return 'no space left on the device (disk full)';
    case 'EDQUOT':
      return 'disk quota exceeded';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a folder';
    case 'EISDIR':
      return 'it is a folder, not a file';
    case 'ENOENT':
      return 'it does not exist and cannot be created there';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/**
 * Why a folder cannot be written (access() reports EROFS for a read-only mount even to root),
 * or undefined when it can. SQLite says only "unable to open database file".
 */
export function unwritableReason(dir: string): string | undefined {
  try {
    accessSync(dir, constants.W_OK);
    return undefined;
  } catch (error) {
    return fsCause((error as NodeJS.ErrnoException).code, error);
  }
}

const DISK_CODES = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EACCES', 'EPERM']);

/** A write that failed for lack of space or permission, which the user fixes on the disk. */
export function isDiskError(error: unknown): boolean {
  return DISK_CODES.has((error as NodeJS.ErrnoException | undefined)?.code ?? '');
}
