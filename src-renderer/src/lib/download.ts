import { notifyError } from '../components/notify';
import { saveFile } from './save-file';

/**
 * Saves text as a file: through the system's save dialog in the desktop app, as a download in
 * web mode (lib/save-file.ts). A failure is shown as a notification.
 */
export function downloadText(filename: string, mime: string, content: string): void {
  saveFile({ suggestedName: filename, mime, data: content }).catch((error: unknown) =>
    notifyError(error, `${filename} could not be saved`),
  );
}

/** A file name made from free text: letters, digits and dashes only. */
export function slugify(text: string, fallback = 'export'): string {
  return text.replace(/[^\w-]+/g, '-').replace(/^-|-$/g, '') || fallback;
}

/** A picked file's text (FileReader: also where Blob.text is missing, as in jsdom). */
export function readFileText(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.readAsText(file);
  });
}
