import { describe, expect, it } from 'vitest';
import { importRequest } from './ImportOptionsForm';

describe('import request', () => {
  it('asks for the paths an importer needs before anything is sent', () => {
    expect(importRequest('manifest', {})).toBe('Give the file path to import.');
    expect(importRequest('avmnist', { fsdd: '/d/fsdd' })).toBe('Give the mnist path to import.');
    expect(importRequest('avmnist', {})).toBe('Give the fsdd and mnist paths to import.');
  });

  it("keeps only the chosen importer's options and drops empty fields", () => {
    expect(
      importRequest('demo', { samplesPerClass: 12, file: '/left/over.csv', name: '' }),
    ).toEqual({
      kind: 'demo',
      options: { samplesPerClass: 12 },
    });
    expect(importRequest('folders', { root: '/data/av', testFraction: 0.2, seed: 3 })).toEqual({
      kind: 'folders',
      options: { root: '/data/av', testFraction: 0.2, seed: 3 },
    });
  });

  it('names the option the shared schema rejects', () => {
    expect(importRequest('demo', { samplesPerClass: 2 })).toMatch(/^samplesPerClass: Too small/);
    expect(importRequest('manifest', { file: 'm.csv', testFraction: 0.9 })).toMatch(
      /^testFraction: Too big/,
    );
  });

  it('sends the multi-label demo option only for the demo', () => {
    expect(importRequest('demo', { multiLabel: true })).toEqual({
      kind: 'demo',
      options: { multiLabel: true },
    });
    expect(importRequest('manifest', { file: 'm.csv', multiLabel: true })).toEqual({
      kind: 'manifest',
      options: { file: 'm.csv' },
    });
  });
});
