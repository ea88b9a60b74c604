import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { jpegBytes, pngBytes, toneWav } from '../../../tests/data/bad-files';
import { canMountTmpfs, mountTmpfs } from '../../../tests/helpers/tmpfs';
import { DecodeError } from '../decode-error';
import { DatasetLibrary } from '../library';
import { draftManifest } from './manifest';

const dir = mkdtempSync(join(tmpdir(), 'avlab-manifest-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function manifest(name: string, rows: string[]): string {
  const file = join(dir, name);
  writeFileSync(file, `audio,image,label\n${rows.join('\n')}\n`);
  return file;
}

for (let i = 0; i < 4; i++) {
  writeFileSync(join(dir, `good${i}.wav`), toneWav(300 + 50 * i, 0.05));
  writeFileSync(join(dir, `good${i}.png`), pngBytes(4, 40 * i));
}
execFileSync('mkfifo', [join(dir, 'pipe.png')]);

describe('a manifest naming devices, FIFOs or oversized files', () => {
  it('rejects /dev/zero and a FIFO by file and manifest line, quickly, and keeps the good rows', () => {
    const file = manifest('hostile.csv', [
      'good0.wav,good0.png,a',
      '/dev/zero,good1.png,b',
      'good2.wav,pipe.png,a',
      'good3.wav,good3.png,b',
    ]);
    const started = Date.now();
    const draft = draftManifest({ file });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(draft.samples.map((s) => s.id)).toEqual(['good0.wav|good0.png', 'good3.wav|good3.png']);
    expect(draft.rejected).toEqual([
      { file: '/dev/zero', reason: 'not a regular file (a character device) (hostile.csv:3)' },
      {
        file: join(dir, 'pipe.png'),
        reason: 'not a regular file (a named pipe (FIFO)) (hostile.csv:4)',
      },
    ]);
  });

  it('refuses a manifest that is itself a FIFO or a device, naming it', () => {
    expect(() => draftManifest({ file: join(dir, 'pipe.png') })).toThrow(DecodeError);
    expect(() => draftManifest({ file: '/dev/zero' })).toThrow(
      '/dev/zero: not a regular file (a character device)',
    );
  });

  it('rejects an image above the pixel limit from its header, naming the option that raises it', () => {
    writeFileSync(join(dir, 'wide.jpg'), jpegBytes(64, 100));
    const file = manifest('limits.csv', ['good0.wav,wide.jpg,a', 'good1.wav,good1.png,b']);
    const draft = draftManifest({ file, limits: { maxImageMegapixels: 0.001 } });
    expect(draft.rejected).toHaveLength(1);
    expect(draft.rejected[0]!.reason).toMatch(
      /^image too large \(64×64 = 0\.0041 megapixels, limit 0\.001; raise it with options\.limits\.maxImageMegapixels \(--max-image-mp\)\)/,
    );
    const raised = draftManifest({ file, limits: { maxImageMegapixels: 1 } });
    expect(raised.rejected).toEqual([]);
  });

  it('rejects an audio file above the size limit before decoding it', () => {
    const file = manifest('size.csv', ['good0.wav,good0.png,a', 'good1.wav,good1.png,b']);
    const draft = draftManifest({ file, limits: { maxFileMB: 0.0005 } });
    expect(draft.rejected.map((r) => r.reason)).toContainEqual(
      expect.stringMatching(
        /^file is \d+ bytes, above the 524 bytes limit on one file \(raise it with options\.limits\.maxFileMB \(--max-file-mb\)\) \(size\.csv:2\)$/,
      ),
    );
  });

  it('refuses a manifest with an unterminated quote, naming the line, instead of folding rows', () => {
    const file = manifest('quote.csv', [
      'good0.wav,good0.png,a',
      '"good1.wav,good1.png,b',
      'good2.wav,good2.png,a',
      'good3.wav,good3.png,b',
    ]);
    expect(() => draftManifest({ file })).toThrow(
      /quote\.csv: line 3: a quoted field opened on this line is never closed/,
    );
  });
});

describe.skipIf(!canMountTmpfs())('an import onto a full disk', () => {
  it('names the data directory and says the disk is full', async () => {
    const disk = mountTmpfs('192k');
    try {
      const library = new DatasetLibrary(join(disk.dir, 'home'));
      await expect(library.import('demo', { samplesPerClass: 30 })).rejects.toThrow(
        `cannot import a dataset into ${join(disk.dir, 'home')}: no space left on the device (disk full)`,
      );
    } finally {
      disk.remove();
    }
  });
});
