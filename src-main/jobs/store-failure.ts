/**
 * Why a write to the database failed, naming the file: SQLite's own message ("database or disk
 * is full") says neither where nor what to do.
 */
export function storeFailureMessage(error: unknown, databaseFile: string): string {
  const code = (error as { code?: unknown }).code;
  const detail = error instanceof Error ? error.message : String(error);
  const remedy =
    code === 'SQLITE_FULL'
      ? ': the disk holding it is full (free space, then resume the run)'
      : code === 'SQLITE_READONLY' || code === 'SQLITE_CANTOPEN'
        ? ': it cannot be written (check its permissions)'
        : '';
  return `could not write to the database ${databaseFile} (${detail}${typeof code === 'string' ? `, ${code}` : ''})${remedy}`;
}
