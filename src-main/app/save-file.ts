import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type SaveFileRequest,
  SaveFileRequestSchema,
  type SaveFileResult,
} from '@shared/app/save-file';

/** What the handler needs of Electron: the dialog (Electron's showSaveDialog, bound to a window). */
export type SaveDialog = (options: {
  defaultPath: string;
  filters: SaveFileRequest['filters'];
}) => Promise<{ canceled: boolean; filePath?: string }>;

/**
 * The preload's saveFile: validates what the page sends, asks the user where to save (in
 * `defaultDir` by default), writes the file there. Every failure is an answer, not a throw,
 * so the page can say what went wrong.
 */
export async function saveFileWithDialog(
  raw: unknown,
  showDialog: SaveDialog,
  defaultDir: string,
  write: (path: string, data: string | Uint8Array) => Promise<void> = writeFile,
): Promise<SaveFileResult> {
  const parsed = SaveFileRequestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { status: 'failed', message: `${issue.path.join('.') || 'request'}: ${issue.message}` };
  }
  const { suggestedName, filters, data } = parsed.data;
  const choice = await showDialog({ defaultPath: join(defaultDir, suggestedName), filters });
  if (choice.canceled || !choice.filePath) return { status: 'cancelled' };
  try {
    await write(choice.filePath, data);
  } catch (error) {
    return { status: 'failed', message: `${choice.filePath}: ${(error as Error).message}` };
  }
  return { status: 'saved', path: choice.filePath };
}
