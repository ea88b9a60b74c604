/**
 * Saves text or a data URL as a file through a download. Web mode and Electron's Chromium both
 * honour `<a download>`; there is no native save dialog bridge yet.
 */
export function downloadText(filename: string, mime: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: mime }));
  downloadUrl(filename, url);
  // The click has started the download synchronously; the URL can go once it has been read.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function downloadUrl(filename: string, url: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
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
