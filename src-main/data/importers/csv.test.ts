import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv';

describe('parseCsv', () => {
  it('reads quoted fields with commas, quotes and newlines, CRLF, a BOM, and skips blank lines', () => {
    const text =
      '\ufeffaudio,image,label\r\n"a, b.wav","say ""hi"".png","multi\nline"\r\n\r\nc.wav,d.png,3';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ['audio', 'image', 'label'] },
      { line: 2, fields: ['a, b.wav', 'say "hi".png', 'multi\nline'] },
      { line: 5, fields: ['c.wav', 'd.png', '3'] },
    ]);
  });
});
