import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pngBytes, toneWav } from '../../../tests/data/bad-files';
import { draftFolders } from './folders';
import { draftManifest } from './manifest';
import { groupBySource } from './source-groups';
import { groupedSplits, stratifiedSplits } from './splits';

const root = mkdtempSync(join(tmpdir(), 'avlab-layouts-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function pair(dir: string, id: string, hz: number): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${id}.wav`), toneWav(hz, 0.1));
  writeFileSync(join(dir, `${id}.png`), pngBytes(4, hz % 255));
}

describe('splits and layouts', () => {
  it('stratifies seeded splits per class', () => {
    const labels = Array.from({ length: 100 }, (_, i) => i % 2);
    const splits = stratifiedSplits(labels, { val: 0.1, test: 0.2 }, 3);
    for (const label of [0, 1]) {
      const mine = splits.filter((_, i) => labels[i] === label);
      expect(mine.filter((s) => s === 'test')).toHaveLength(10);
      expect(mine.filter((s) => s === 'val')).toHaveLength(5);
    }
    expect(stratifiedSplits(labels, { val: 0.1, test: 0.2 }, 3)).toEqual(splits);
    expect(stratifiedSplits(labels, { val: 0.1, test: 0.2 }, 4)).not.toEqual(splits);
  });

  it('groups rows by shared audio or image (connected components), numbered by first row', () => {
    const gen = (seed: number) => ({ kind: 'generated' as const, generator: 'g', seed });
    const rows = [
      { audio: gen(1), image: gen(101) },
      { audio: gen(2), image: gen(102) },
      { audio: gen(1), image: gen(103) }, // shares audio with row 0
      { audio: gen(3), image: gen(103) }, // shares image with row 2, so joins row 0
      { audio: gen(4), image: gen(104) },
    ];
    expect(Array.from(groupBySource(rows))).toEqual([0, 1, 0, 0, 2]);
  });

  it('grouped splits keep every group whole, stratified, seeded', () => {
    const labels = Array.from({ length: 120 }, (_, i) => Math.floor(i / 4) % 2);
    const groups = labels.map((_, i) => Math.floor(i / 4)); // 30 groups of 4
    const splits = groupedSplits(labels, groups, { val: 0.1, test: 0.2 }, 5);
    for (let g = 0; g < 30; g++) {
      expect(new Set(splits.slice(g * 4, g * 4 + 4)).size).toBe(1);
    }
    for (const label of [0, 1]) {
      const mine = splits.filter((_, i) => labels[i] === label);
      expect(mine.filter((s) => s === 'test')).toHaveLength(12); // 20 % of 60 rows
      expect(mine.filter((s) => s === 'val')).toHaveLength(8); // ≥ 6 rows, whole groups
    }
    expect(groupedSplits(labels, groups, { val: 0.1, test: 0.2 }, 5)).toEqual(splits);
    // With one row per group it is the row-wise split.
    const singles = labels.map((_, i) => i);
    expect(groupedSplits(labels, singles, { val: 0.1, test: 0.2 }, 5)).toEqual(
      stratifiedSplits(labels, { val: 0.1, test: 0.2 }, 5),
    );
  });

  it('manifest folds: the chosen fold is test, val is carved from the other folds', () => {
    const dir = join(root, 'folds');
    const rows = ['audio,image,label,fold'];
    for (let i = 0; i < 30; i++) {
      pair(dir, `s${i}`, 200 + i * 10);
      rows.push(`s${i}.wav,s${i}.png,${i % 3 === 0 ? 'dog' : 'cat'},${(i % 3) + 1}`);
    }
    writeFileSync(join(dir, 'folds.csv'), rows.join('\n'));
    const draft = draftManifest({ file: join(dir, 'folds.csv'), testFold: 2, valFraction: 0.2 });
    expect(draft.classes).toEqual(['cat', 'dog']);
    const byFold = (fold: number) =>
      draft.samples.filter((_, i) => (i % 3) + 1 === fold).map((s) => s.split);
    expect(new Set(byFold(2))).toEqual(new Set(['test']));
    expect(
      byFold(1)
        .concat(byFold(3))
        .filter((s) => s === 'val'),
    ).toHaveLength(4);
    expect(byFold(1).concat(byFold(3))).not.toContain('test');
  });

  it('folders: train/ val/ test/ above the class folders give the splits', () => {
    const dir = join(root, 'split-folders');
    pair(join(dir, 'train', 'low'), 'a', 300);
    pair(join(dir, 'train', 'high'), 'b', 2000);
    pair(join(dir, 'val', 'low'), 'c', 310);
    pair(join(dir, 'test', 'high'), 'd', 2100);
    pair(join(dir, 'test', 'low'), 'a', 320); // same class/name as train/low/a: a leak
    const draft = draftFolders({ root: dir });
    expect(draft.classes).toEqual(['high', 'low']);
    // Folders are read in sorted order, so the test copy is kept and the train copy rejected.
    expect(draft.samples.map((s) => [s.id, s.split])).toEqual([
      ['test/high/d', 'test'],
      ['test/low/a', 'test'],
      ['train/high/b', 'train'],
      ['val/low/c', 'val'],
    ]);
    expect(
      draft.rejected.map((r) => `${r.file.split('/').slice(-3).join('/')}: ${r.reason}`),
    ).toEqual([
      "train/low/a.png: duplicate sample id 'low/a' (also in test/)",
      "train/low/a.wav: duplicate sample id 'low/a' (also in test/)",
    ]);
  });
});
