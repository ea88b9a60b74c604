import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, parseCsv } from './csv';

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

describe('parseCsv refuses a broken quote, naming the line it opened on', () => {
  it('an unterminated quote is an error at its line, not six good rows folded into one field', () => {
    const rows = ['a.wav,a.png,x', '"b.wav,b.png,y', 'c.wav,c.png,z', 'd.wav,d.png,z'];
    const text = `audio,image,label\n${rows.join('\n')}\n`;
    expect(() => parseCsv(text)).toThrow(CsvSyntaxError);
    expect(() => parseCsv(text)).toThrow(
      /^line 3: a quoted field opened on this line is never closed/,
    );
  });

  it('a quote closed by a later stray quote is reported at the line where it opened', () => {
    const text = 'audio,image,label\n"b.wav,b.png,y\nc.wav,"multi\nline.png",z\n';
    expect(() => parseCsv(text)).toThrow(
      /^line 2: the quoted field opened on this line closes on line 3/,
    );
  });
});
