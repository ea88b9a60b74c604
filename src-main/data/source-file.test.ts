import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DecodeError } from './decode-error';
import { readRegularFile } from './source-file';

const dir = mkdtempSync(join(tmpdir(), 'avlab-source-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const LIMIT = { maxBytes: 1024 };

describe('readRegularFile refuses what is not a regular file before reading it', () => {
  it('a character device (/dev/zero) is refused, not read without end', () => {
    expect(() => readRegularFile('/dev/zero', LIMIT)).toThrow(DecodeError);
    expect(() => readRegularFile('/dev/zero', LIMIT)).toThrow(
      '/dev/zero: not a regular file (a character device)',
    );
  });

  it('a FIFO with no writer is refused at once instead of blocking the thread', () => {
    const fifo = join(dir, 'pipe.wav');
    execFileSync('mkfifo', [fifo]);
    const started = Date.now();
    expect(() => readRegularFile(fifo, LIMIT)).toThrow(
      /not a regular file \(a named pipe \(FIFO\)\)/,
    );
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('a directory, a missing file and an oversized file each say what is wrong', () => {
    expect(() => readRegularFile(dir, LIMIT)).toThrow(/not a regular file \(a directory\)/);
    expect(() => readRegularFile(join(dir, 'nope.wav'), LIMIT)).toThrow(
      /nope\.wav: file not found/,
    );
    const big = join(dir, 'big.wav');
    writeFileSync(big, Buffer.alloc(4096));
    expect(() => readRegularFile(big, LIMIT)).toThrow(
      /big.wav: file is 4096 bytes, above the 1024 bytes limit on one file \(raise it with/,
    );
  });

  it('reads a regular file whole', () => {
    const small = join(dir, 'small.bin');
    writeFileSync(small, Buffer.from([1, 2, 3]));
    expect([...readRegularFile(small, LIMIT)]).toEqual([1, 2, 3]);
  });
});
