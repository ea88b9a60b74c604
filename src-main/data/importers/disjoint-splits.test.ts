import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatasetSample, ImportReport, Split } from '@shared/domain/dataset';
import { afterAll, describe, expect, it } from 'vitest';
import { pngBytes, toneWav } from '../../../tests/data/bad-files';
import { DecodeError } from '../decode-error';
import { DatasetLibrary } from '../library';
import { draftFolders } from './folders';
import { draftManifest } from './manifest';

// Real data (read-only): FSDD recordings and MNIST IDX files, see /work/shared/data/SOURCES.md.
const FSDD_RECORDINGS = '/work/shared/data/fsdd/recordings';
const MNIST = '/work/shared/data/mnist';

const root = mkdtempSync(join(tmpdir(), 'avlab-disjoint-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const library = new DatasetLibrary(join(root, 'home'));

/** Names a sample's audio and image the way a person would: the file, or the IDX entry. */
function sourcesOf(sample: DatasetSample): string[] {
  const name = (ref: DatasetSample['audio'] | DatasetSample['image']) =>
    ref.kind === 'file'
      ? ref.path
      : ref.kind === 'idx'
        ? `${ref.path}#${ref.index}`
        : ref.kind === 'frames'
          ? ref.paths.join('+')
          : `${ref.generator}/${ref.seed}`;
  return [`audio ${name(sample.audio)}`, `image ${name(sample.image)}`];
}

/** Every source, with the splits it appears in; fails the test listing the first overlaps. */
function expectDisjointBySource(samples: DatasetSample[]): void {
  const splitsOf = new Map<string, Set<Split>>();
  for (const sample of samples) {
    for (const source of sourcesOf(sample)) {
      const splits = splitsOf.get(source) ?? new Set();
      splits.add(sample.split);
      splitsOf.set(source, splits);
    }
  }
  const shared = [...splitsOf].filter(([, splits]) => splits.size > 1).map(([s]) => s);
  expect(shared.slice(0, 5)).toEqual([]);
  for (const split of ['train', 'val', 'test'] as const) {
    expect(samples.some((s) => s.split === split)).toBe(true);
  }
}

function expectGroupingReported(report: ImportReport, groups: number): void {
  expect(report.grouping).toMatchObject({ groups, disjointSplits: true });
}

function pair(dir: string, id: string, hz: number): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${id}.wav`), toneWav(hz, 0.05));
  writeFileSync(join(dir, `${id}.png`), pngBytes(4, hz % 255));
}

describe('every importer keeps audio and image files out of two splits', () => {
  it('demo: generated sources are one group each, split disjointly', async () => {
    const report = await library.import('demo', { samplesPerClass: 6 }, undefined, {
      features: false,
    });
    expectGroupingReported(report, 60);
    expectDisjointBySource(library.get(report.datasetId).samples);
  });

  it('manifest without a split column: rows sharing a clip or an image move together', async () => {
    // 24 clips, each paired with 3 images (as an AV-MNIST-style manifest is), and clip k's
    // last image reused by clip k+1 for even k: 12 groups of 6 rows, 2 clips each.
    const dir = join(root, 'shared-clips');
    mkdirSync(dir, { recursive: true });
    const rows = ['audio,image,label'];
    for (let clip = 0; clip < 24; clip++) {
      writeFileSync(join(dir, `clip${clip}.wav`), toneWav(200 + clip * 40, 0.05));
      for (let k = 0; k < 3; k++) {
        const image = k === 0 && clip % 2 === 1 ? `img${clip - 1}_2.png` : `img${clip}_${k}.png`;
        writeFileSync(join(dir, image), pngBytes(4, (clip * 3 + k) % 255));
        rows.push(`clip${clip}.wav,${image},${Math.floor(clip / 2) % 2 === 0 ? 'low' : 'high'}`);
      }
    }
    writeFileSync(join(dir, 'pairs.csv'), rows.join('\n'));
    const report = await library.import(
      'manifest',
      { file: join(dir, 'pairs.csv'), valFraction: 0.2, testFraction: 0.2 },
      undefined,
      { features: false },
    );
    expectGroupingReported(report, 12);
    expect(report.grouping!.largestGroup).toBe(6);
    expectDisjointBySource(library.get(report.datasetId).samples);
  });

  it('manifest with train/test declared: val is carved by whole groups', async () => {
    const dir = join(root, 'declared');
    mkdirSync(dir, { recursive: true });
    const rows = ['audio,image,label,split'];
    for (let clip = 0; clip < 30; clip++) {
      writeFileSync(join(dir, `c${clip}.wav`), toneWav(300 + clip * 30, 0.05));
      for (let k = 0; k < 3; k++) {
        writeFileSync(join(dir, `c${clip}_${k}.png`), pngBytes(4, (clip * 3 + k) % 255));
        rows.push(`c${clip}.wav,c${clip}_${k}.png,${clip % 2},${clip < 20 ? 'train' : 'test'}`);
      }
    }
    writeFileSync(join(dir, 'declared.csv'), rows.join('\n'));
    const report = await library.import(
      'manifest',
      { file: join(dir, 'declared.csv'), valFraction: 0.2 },
      undefined,
      { features: false },
    );
    expectGroupingReported(report, 30);
    // 20 train clips, 10 per class; 20 % of each class's rows = 2 clips × 3 rows.
    expect(report.counts).toEqual({ train: 48, val: 12, test: 30 });
    expectDisjointBySource(library.get(report.datasetId).samples);
  });

  it('manifest whose split column puts one file in two splits is refused, naming file and lines', () => {
    const dir = join(root, 'leaky');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'a.wav'), toneWav(400, 0.05));
    writeFileSync(join(dir, 'b.wav'), toneWav(500, 0.05));
    writeFileSync(join(dir, 'x.png'), pngBytes(4, 10));
    writeFileSync(join(dir, 'y.png'), pngBytes(4, 20));
    writeFileSync(
      join(dir, 'leaky.csv'),
      [
        'audio,image,label,split',
        'a.wav,x.png,0,train',
        'b.wav,y.png,1,train',
        'a.wav,y.png,0,test',
      ].join('\n'),
    );
    const run = () => draftManifest({ file: join(dir, 'leaky.csv') });
    expect(run).toThrow(DecodeError);
    expect(run).toThrow(/leaky\.csv: the declared splits put one file in two splits/);
    expect(run).toThrow(/a\.wav is used by line 2 \(train\), line 4 \(test\)/);
    expect(run).toThrow(/y\.png is used by line 3 \(train\), line 4 \(test\)/);
  });

  it('folders: a file reached twice (symlink) is one group, never in two splits', async () => {
    const dir = join(root, 'class-folders');
    for (const [label, base] of [
      ['low', 200],
      ['high', 2000],
    ] as const) {
      for (let i = 0; i < 10; i++) pair(join(dir, label), `s${i}`, base + i * 20);
      // Five more samples whose audio is the same file as s0..s4: they must go with them.
      for (let i = 0; i < 5; i++) {
        symlinkSync(join(dir, label, `s${i}.wav`), join(dir, label, `t${i}.wav`));
        writeFileSync(join(dir, label, `t${i}.png`), pngBytes(4, 100 + i));
      }
    }
    const report = await library.import(
      'folders',
      { root: dir, valFraction: 0.2, testFraction: 0.2 },
      undefined,
      { features: false },
    );
    expectGroupingReported(report, 20);
    expect(report.grouping!.rowsSharingSource).toBe(20);
    const samples = library.get(report.datasetId).samples;
    // The symlink is stored under its own name; the split must follow the real file.
    for (const sample of samples.filter((s) => /\/t\d$/.test(s.id))) {
      const twin = samples.find((s) => s.id === sample.id.replace(/t(\d)$/, 's$1'))!;
      expect(sample.split).toBe(twin.split);
    }
    expectDisjointBySource(samples);
  });

  it('folders with split folders sharing a file are refused, naming it', () => {
    const dir = join(root, 'split-folders-leak');
    pair(join(dir, 'train', 'low'), 'a', 300);
    pair(join(dir, 'test', 'low'), 'b', 310);
    symlinkSync(join(dir, 'train', 'low', 'a.png'), join(dir, 'test', 'low', 'c.png'));
    writeFileSync(join(dir, 'test', 'low', 'c.wav'), toneWav(320, 0.05));
    const run = () => draftFolders({ root: dir });
    expect(run).toThrow(DecodeError);
    expect(run).toThrow(/the split folders put one file in two splits/);
    expect(run).toThrow(/a\.png is used by test\/low\/c and train\/low\/a/);
  });

  it('avmnist: clips (with all their pairs) and MNIST images never cross splits', async () => {
    // A subset of the real FSDD (takes 0–4 of every digit and speaker) keeps this fast.
    const subset = join(root, 'fsdd-subset');
    mkdirSync(subset);
    for (const name of readdirSync(FSDD_RECORDINGS)) {
      if (/_[0-4]\.wav$/.test(name)) symlinkSync(join(FSDD_RECORDINGS, name), join(subset, name));
    }
    const report = await library.import(
      'avmnist',
      { fsdd: subset, mnist: MNIST, pairsPerClip: 3, valFraction: 0.2 },
      undefined,
      { features: false },
    );
    const samples = library.get(report.datasetId).samples;
    expect(samples).toHaveLength(300 * 3);
    expectGroupingReported(report, 300);
    expect(report.grouping!.largestGroup).toBe(3);
    expectDisjointBySource(samples);
  });
});
