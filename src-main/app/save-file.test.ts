import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type SaveDialog, saveFileWithDialog } from './save-file';

const dir = mkdtempSync(join(tmpdir(), 'avlab-save-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const png = { name: 'PNG image', extensions: ['png'] };

describe('save file through the system dialog', () => {
  it('offers the suggested name in the default folder and writes the bytes where the user chose', async () => {
    const asked: Parameters<SaveDialog>[0][] = [];
    const target = join(dir, 'figure-1.png');
    const result = await saveFileWithDialog(
      { suggestedName: 'accuracy-per-case.png', filters: [png], data: new Uint8Array([137, 80]) },
      async (options) => {
        asked.push(options);
        return { canceled: false, filePath: target };
      },
      '/home/me/Documents',
    );
    expect(asked).toEqual([
      { defaultPath: '/home/me/Documents/accuracy-per-case.png', filters: [png] },
    ]);
    expect(result).toEqual({ status: 'saved', path: target });
    expect([...readFileSync(target)]).toEqual([137, 80]);
  });

  it('writes text as UTF-8', async () => {
    const target = join(dir, 'table.tex');
    await saveFileWithDialog(
      { suggestedName: 'table.tex', filters: [], data: '\\toprule η\n' },
      async () => ({ canceled: false, filePath: target }),
      dir,
    );
    expect(readFileSync(target, 'utf8')).toBe('\\toprule η\n');
  });

  it('writes nothing when the dialog is cancelled', async () => {
    let wrote = false;
    const result = await saveFileWithDialog(
      { suggestedName: 'a.csv', filters: [], data: 'x' },
      async () => ({ canceled: true }),
      dir,
      async () => {
        wrote = true;
      },
    );
    expect(result).toEqual({ status: 'cancelled' });
    expect(wrote).toBe(false);
  });

  it('refuses a name with directories before any dialog opens, naming the field', async () => {
    let opened = false;
    const result = await saveFileWithDialog(
      { suggestedName: '../../.bashrc', filters: [], data: 'x' },
      async () => {
        opened = true;
        return { canceled: true };
      },
      dir,
    );
    expect(result).toEqual({
      status: 'failed',
      message: 'suggestedName: a file name, without directories',
    });
    expect(opened).toBe(false);
  });

  it('answers a failed write with the path and the reason', async () => {
    const result = await saveFileWithDialog(
      { suggestedName: 'a.csv', filters: [], data: 'x' },
      async () => ({ canceled: false, filePath: join(dir, 'missing', 'a.csv') }),
      dir,
    );
    expect(result).toMatchObject({ status: 'failed' });
    expect((result as { message: string }).message).toMatch(/missing\/a\.csv: ENOENT/);
  });
});
