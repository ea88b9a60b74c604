import type { SaveFileRequest } from '@shared/app/save-file';

export type SavedFile =
  | { status: 'saved'; path: string }
  | { status: 'cancelled' }
  | { status: 'downloaded'; name: string };

const FILTER_NAMES: Record<string, string> = {
  png: 'PNG image',
  svg: 'SVG image',
  pdf: 'PDF document',
  csv: 'CSV table',
  md: 'Markdown',
  tex: 'LaTeX',
  json: 'JSON',
};

/** The dialog's file type for a name's extension (none for an unknown one). */
export function saveFilters(name: string): SaveFileRequest['filters'] {
  const extension = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  if (!extension) return [];
  return [{ name: FILTER_NAMES[extension] ?? extension.toUpperCase(), extensions: [extension] }];
}

/**
 * Saves an export. In the desktop app through the system's save dialog (the preload's one
 * saveFile call; a failure there is thrown with its reason); in web mode as a browser download.
 */
export async function saveFile(file: {
  suggestedName: string;
  mime: string;
  data: string | Uint8Array;
}): Promise<SavedFile> {
  const bridge = window.avlab;
  if (bridge?.saveFile) {
    const result = await bridge.saveFile({
      suggestedName: file.suggestedName,
      filters: saveFilters(file.suggestedName),
      data: file.data,
    });
    if (result.status === 'failed') throw new Error(result.message);
    return result;
  }
  const blob = new Blob([file.data as BlobPart], { type: file.mime });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = file.suggestedName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The click has started the download synchronously; the URL can go once it has been read.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return { status: 'downloaded', name: file.suggestedName };
}

/** A data URL's bytes (a canvas' toDataURL, Plotly's toImage). */
export function dataUrlBytes(url: string): Uint8Array {
  const binary = atob(url.slice(url.indexOf(',') + 1));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
