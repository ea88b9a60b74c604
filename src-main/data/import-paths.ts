import { accessSync, constants, statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import type { ImporterKind } from '@shared/domain/dataset';

interface PathOption {
  wanted: 'file' | 'directory';
  /** What the path holds, for "<what> not found" (the importers' own words). */
  what: string;
}

/** Which options of each importer are paths, and what must be there. */
export const IMPORT_PATH_OPTIONS: Record<ImporterKind, Record<string, PathOption>> = {
  demo: {},
  manifest: { file: { wanted: 'file', what: 'manifest' } },
  folders: { root: { wanted: 'directory', what: 'dataset folder' } },
  avmnist: {
    fsdd: { wanted: 'directory', what: 'FSDD folder' },
    mnist: { wanted: 'directory', what: 'MNIST folder' },
  },
  video: {
    csv: { wanted: 'file', what: 'label CSV' },
    videos: { wanted: 'directory', what: 'videos folder' },
    labels: { wanted: 'file', what: 'class index CSV' },
  },
};

export interface PathIssue {
  /** The option, as `options.<name>`. */
  field: string;
  message: string;
}

/**
 * Checks an import's path options before any work: absolute (a request has no working
 * directory to be relative to), present, of the right kind and readable. Stat never opens
 * the file, so a FIFO here cannot block.
 */
export function importPathIssues(
  kind: ImporterKind,
  options: Record<string, unknown>,
): PathIssue[] {
  const issues: PathIssue[] = [];
  for (const [name, option] of Object.entries(IMPORT_PATH_OPTIONS[kind])) {
    const value = options[name];
    if (typeof value !== 'string') continue;
    const field = `options.${name}`;
    if (!isAbsolute(value)) {
      issues.push({
        field,
        message: `'${value}' is not an absolute path (relative to nothing here)`,
      });
      continue;
    }
    const problem = pathProblem(value, option);
    if (problem) issues.push({ field, message: `${value}: ${problem}` });
  }
  return issues;
}

function pathProblem(path: string, { wanted, what }: PathOption): string | undefined {
  let isDirectory: boolean;
  try {
    const stats = statSync(path);
    if (wanted === 'file' && !stats.isFile()) {
      return stats.isDirectory() ? 'is a directory, not a file' : 'is not a regular file';
    }
    if (wanted === 'directory' && !stats.isDirectory()) return 'is not a directory';
    isDirectory = stats.isDirectory();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return `${what} not found (the path does not exist)`;
    if (code === 'ENOTDIR') return `${what} not found (a parent of the path is not a directory)`;
    if (code === 'EACCES') return 'permission denied on a parent directory';
    return (error as Error).message;
  }
  try {
    accessSync(path, isDirectory ? constants.R_OK | constants.X_OK : constants.R_OK);
  } catch {
    return `permission denied (not readable by this user)`;
  }
  return undefined;
}
