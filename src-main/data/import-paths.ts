import { accessSync, constants, statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import type { ImporterKind } from '@shared/domain/dataset';

/** Which options of each importer are paths, and what must be there. */
export const IMPORT_PATH_OPTIONS: Record<ImporterKind, Record<string, 'file' | 'directory'>> = {
  demo: {},
  manifest: { file: 'file' },
  folders: { root: 'directory' },
  avmnist: { fsdd: 'directory', mnist: 'directory' },
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
  for (const [name, wanted] of Object.entries(IMPORT_PATH_OPTIONS[kind])) {
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
    const problem = pathProblem(value, wanted);
    if (problem) issues.push({ field, message: `${value}: ${problem}` });
  }
  return issues;
}

function pathProblem(path: string, wanted: 'file' | 'directory'): string | undefined {
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
    if (code === 'ENOENT') return 'does not exist';
    if (code === 'ENOTDIR') return 'does not exist (a parent is not a directory)';
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
