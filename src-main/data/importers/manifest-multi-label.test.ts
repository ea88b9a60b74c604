import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pngBytes, toneWav } from '../../../tests/data/bad-files';
import { DatasetLibrary } from '../library';
import { draftManifest } from './manifest';

const root = mkdtempSync(join(tmpdir(), 'avlab-multi-label-manifest-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A manifest of `labels.length` WAV + PNG pairs in `dir`, one row per entry of `labels`. */
function manifest(dir: string, labels: string[], extra: string[] = []): string {
  mkdirSync(dir, { recursive: true });
  const rows = ['audio,image,label'];
  labels.forEach((label, i) => {
    writeFileSync(join(dir, `s${i}.wav`), toneWav(200 + 37 * i, 0.1));
    writeFileSync(join(dir, `s${i}.png`), pngBytes(4, (13 * i) % 255));
    rows.push(`s${i}.wav,s${i}.png,${label}`);
  });
  const file = join(dir, 'manifest.csv');
  writeFileSync(file, [...rows, ...extra].join('\n'));
  return file;
}

describe('manifest with several labels per row', () => {
  it("';'-separated labels make a multi-label dataset whose samples keep every class", () => {
    const labels = Array.from({ length: 12 }, (_, i) =>
      i % 3 === 0 ? 'dog; bark' : i % 3 === 1 ? 'bark' : 'cat;dog;cat',
    );
    const draft = draftManifest({ file: manifest(join(root, 'multi'), labels) });
    expect(draft.task).toBe('multi-label');
    expect(draft.classes).toEqual(['bark', 'cat', 'dog']);
    // Ascending class indices without repeats; `label` is the first of them.
    expect(draft.samples.slice(0, 3).map((s) => [s.label, s.labels])).toEqual([
      [0, [0, 2]],
      [0, [0]],
      [1, [1, 2]],
    ]);
  });

  it('one label everywhere stays single-label, as before', () => {
    const draft = draftManifest({
      file: manifest(join(root, 'single'), ['a', 'b', 'a', 'b', 'a', 'b']),
    });
    expect(draft.task).toBeUndefined();
    expect(draft.samples.every((s) => s.labels === undefined)).toBe(true);
  });

  it('rejects an empty label between separators and labels outside the given classes', () => {
    const file = manifest(join(root, 'bad'), ['a;b', 'a', 'b;a', 'a;;b', 'a;z']);
    const draft = draftManifest({ file, classes: ['a', 'b'] });
    expect(draft.rejected.map((r) => r.reason)).toEqual([
      "empty label in 'a;;b' (labels are ';'-separated)",
      "unknown label 'z'",
    ]);
    expect(draft.samples).toHaveLength(3);
  });

  it('a stored multi-label dataset reads back with k-hot targets and its labels per sample', async () => {
    const labels = Array.from({ length: 15 }, (_, i) => (i % 2 ? 'x;y' : i % 3 ? 'y' : 'x'));
    const library = new DatasetLibrary(join(root, 'home'));
    const report = await library.import('manifest', {
      file: manifest(join(root, 'stored'), labels),
      features: { audioFrames: 8, melBins: 8, imageSize: 8 },
    });
    const source = library.features(report.datasetId);
    try {
      expect(source.task).toBe('multi-label');
      expect(source.labelsOf(1)).toEqual([0, 1]);
      const batch = source.batch([0, 1, 2]);
      // Row 0 'x', row 1 'x;y', row 2 'y'.
      expect([...batch.targets!]).toEqual([1, 0, 1, 1, 0, 1]);
      expect([...batch.labels]).toEqual([0, 0, 1]);
    } finally {
      source.close();
    }
  });

  it('a single-label dataset’s source stays single-label, its labelsOf read from the cache index', async () => {
    const library = new DatasetLibrary(join(root, 'home'));
    const labels = Array.from({ length: 12 }, (_, i) => (i % 3 ? 'x' : 'y'));
    const report = await library.import('manifest', {
      file: manifest(join(root, 'single-stored'), labels),
      features: { audioFrames: 8, melBins: 8, imageSize: 8 },
    });
    const source = library.features(report.datasetId);
    try {
      expect(source.task).toBeUndefined();
      expect(source.batch([0, 1]).targets).toBeUndefined();
      expect([0, 1, 2, 3].map((i) => source.labelsOf(i))).toEqual([[1], [0], [0], [1]]);
    } finally {
      source.close();
    }
  });
});
