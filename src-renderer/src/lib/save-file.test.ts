// @vitest-environment jsdom
import type { SaveFileRequest } from '@shared/app/save-file';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { saveFile, saveFilters } from './save-file';

afterEach(() => {
  delete window.avlab;
  vi.restoreAllMocks();
});

function desktopBridge(answer: Awaited<ReturnType<NonNullable<typeof window.avlab>['saveFile']>>) {
  const requests: SaveFileRequest[] = [];
  window.avlab = {
    call: async () => ({ ok: true, result: null }),
    onEvent: () => () => {},
    saveFile: async (request) => {
      requests.push(request);
      return answer;
    },
  };
  return requests;
}

describe('saving an export', () => {
  it('goes through the desktop app’s save dialog when the preload offers one', async () => {
    const requests = desktopBridge({ status: 'saved', path: '/home/me/fig.pdf' });
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click');
    const bytes = new Uint8Array([37, 80, 68, 70]);
    const result = await saveFile({
      suggestedName: 'fig.pdf',
      mime: 'application/pdf',
      data: bytes,
    });
    expect(result).toEqual({ status: 'saved', path: '/home/me/fig.pdf' });
    expect(requests).toEqual([
      {
        suggestedName: 'fig.pdf',
        filters: [{ name: 'PDF document', extensions: ['pdf'] }],
        data: bytes,
      },
    ]);
    expect(click).not.toHaveBeenCalled();
  });

  it('throws the dialog side’s reason when saving failed there', async () => {
    desktopBridge({ status: 'failed', message: '/ro/fig.png: EACCES' });
    await expect(
      saveFile({ suggestedName: 'fig.png', mime: 'image/png', data: 'x' }),
    ).rejects.toThrow('/ro/fig.png: EACCES');
  });

  it('downloads in web mode', async () => {
    const names: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      names.push(this.download);
    });
    URL.createObjectURL = () => 'blob:x';
    URL.revokeObjectURL = () => {};
    const result = await saveFile({ suggestedName: 'table.tex', mime: 'text/x-tex', data: 'a' });
    expect(result).toEqual({ status: 'downloaded', name: 'table.tex' });
    expect(names).toEqual(['table.tex']);
  });

  it('names the dialog’s file type from the extension', () => {
    expect(saveFilters('a.tex')).toEqual([{ name: 'LaTeX', extensions: ['tex'] }]);
    expect(saveFilters('a.xyz')).toEqual([{ name: 'XYZ', extensions: ['xyz'] }]);
    expect(saveFilters('README')).toEqual([]);
  });
});
