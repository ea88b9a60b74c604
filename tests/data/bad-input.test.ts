import { createHash } from 'node:crypto';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { FeatureSettings } from '@shared/domain/dataset';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetLibrary } from '../../src-main/data/library';
import { writeBadTree } from './bad-files';

const SMALL: FeatureSettings = {
  sampleRate: 16000,
  audioFrames: 24,
  melBins: 32,
  imageSize: 16,
  storage: 'float32',
};

/** Hash of every file under a directory, so "intact" means byte for byte. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (path: string) => {
    for (const name of readdirSync(path)) {
      const full = join(path, name);
      if (statSync(full).isDirectory()) walk(full);
      else out[relative(dir, full)] = createHash('sha1').update(readFileSync(full)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

describe('bad input never corrupts anything', () => {
  let work: string;
  let home: string;
  let tree: ReturnType<typeof writeBadTree>;
  let library: DatasetLibrary;
  let storedId: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'avlab-bad-'));
    home = join(work, 'home');
    tree = writeBadTree(join(work, 'files'));
    library = new DatasetLibrary(home);
    storedId = (
      await library.import('demo', { samplesPerClass: 3 }, undefined, { features: SMALL })
    ).datasetId;
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('manifest import keeps the good rows and names every rejected file or row with its reason', async () => {
    const report = await library.import(
      'manifest',
      { file: tree.manifest, classes: ['a', 'b'] },
      undefined,
      {
        features: SMALL,
      },
    );
    expect(report.counts.train + report.counts.val + report.counts.test).toBe(tree.good);
    expect(report.counts.test).toBe(2);
    const reasons = report.rejected.map((r) => `${r.file.split('/').pop()}: ${r.reason}`);
    const expected = [
      /^truncated\.wav: truncated: data chunk claims/,
      /^lying\.wav: bad channel count 0/,
      /^empty\.wav: empty file/,
      /^nan\.wav: non-finite sample/,
      /^badcrc\.png: bad CRC in PNG IHDR chunk/,
      /^text\.jpg: not a PNG or JPEG/,
      /^manifest\.csv:\d+: unknown label 'zebra'/,
      /^manifest\.csv:\d+: duplicate sample id 'a\/good0\.wav\|a\/good0\.png' \(first on line 2\)/,
      /^manifest\.csv:\d+: missing image half of the pair/,
      /^missing\.wav: file not found/,
      /^manifest\.csv:\d+: unknown split 'holdout'/,
    ];
    for (const pattern of expected)
      expect(
        reasons.some((r) => pattern.test(r)),
        String(pattern),
      ).toBe(true);
    expect(report.rejected).toHaveLength(expected.length);
  });

  it('folders import rejects bad files, missing halves, duplicate ids and stray files', async () => {
    const report = await library.import(
      'folders',
      { root: join(work, 'files'), testFraction: 0.2 },
      undefined,
      {
        features: false,
      },
    );
    // 6 good pairs + a/real.
    expect(report.counts.train + report.counts.val + report.counts.test).toBe(7);
    const reasons = report.rejected.map(
      (r) => `${r.file.split('/').slice(-2).join('/')}: ${r.reason}`,
    );
    for (const pattern of [
      /^a\/truncated\.wav: truncated/,
      /^a\/lying\.wav: bad channel count/,
      /^a\/empty\.wav: empty file/,
      /^a\/nan\.wav: non-finite/,
      /^a\/badcrc\.png: bad CRC/,
      /^a\/text\.jpg: not a PNG or JPEG/,
      /^a\/lonely\.wav: missing image half/,
      /^b\/orphan\.png: missing audio half/,
      /^b\/twice\.wav: duplicate sample id 'b\/twice': 2 images share its name/,
      /^b\/good0\.png\.bak: not a \.wav/,
    ]) {
      expect(
        reasons.some((r) => pattern.test(r)),
        String(pattern),
      ).toBe(true);
    }
  });

  it('a failing import leaves the stored dataset byte-identical and no temporary files', async () => {
    const before = snapshot(home);
    // Fails during the feature build, after validation, as a crash or a full disk would.
    await expect(
      library.import(
        'demo',
        { samplesPerClass: 3 },
        (p) => {
          if (p.stage === 'image') throw new Error('simulated failure mid-import');
        },
        { features: SMALL },
      ),
    ).rejects.toThrow('simulated failure');
    // A manifest where every row is bad fails before writing anything.
    await expect(
      library.import('manifest', { file: tree.manifest, classes: ['nothing-matches'] }),
    ).rejects.toThrow(/nothing to import/);
    expect(snapshot(home)).toEqual(before);
    expect(readdirSync(join(home, 'datasets')).filter((name) => name.startsWith('.'))).toEqual([]);
    expect(
      readdirSync(join(home, 'features', storedId)).filter((name) => name.startsWith('.')),
    ).toEqual([]);
    expect(library.get(storedId).samples).toHaveLength(30);
  });

  it('a damaged dataset.json is reported for that dataset and does not hide the others', async () => {
    const other = await library.import('demo', { samplesPerClass: 3, seed: 5 }, undefined, {
      features: false,
    });
    const file = join(home, 'datasets', other.datasetId, 'dataset.json');
    const original = readFileSync(file);
    try {
      writeFileSync(file, original.subarray(0, 100));
      expect(library.list().map((d) => d.id)).toContain(storedId);
      expect(() => library.get(other.datasetId)).toThrow(/dataset\.json: not valid JSON/);
    } finally {
      library.remove(other.datasetId);
    }
    expect(library.list().map((d) => d.id)).not.toContain(other.datasetId);
  });

  it('a source file deleted after the import is named when features are computed; nothing half-built stays', async () => {
    const dir = join(work, 'moving');
    mkdirSync(join(dir, 'x'), { recursive: true });
    mkdirSync(join(dir, 'y'), { recursive: true });
    for (const [label, id] of [
      ['x', 'one'],
      ['x', 'two'],
      ['y', 'three'],
      ['y', 'four'],
    ]) {
      copyFileSync(join(work, 'files', 'a', 'good0.wav'), join(dir, label!, `${id}.wav`));
      copyFileSync(join(work, 'files', 'a', 'good0.png'), join(dir, label!, `${id}.png`));
    }
    writeFileSync(join(dir, 'note.txt'), 'not a class folder');
    const report = await library.import('folders', { root: dir, testFraction: 0 }, undefined, {
      features: false,
    });
    unlinkSync(join(dir, 'y', 'four.wav'));
    expect(() => library.features(report.datasetId, SMALL)).toThrow(/four\.wav: file not found/);
    expect(readdirSync(join(home, 'features', report.datasetId))).toEqual([]);
    expect(library.get(report.datasetId).samples).toHaveLength(4);
  });
});
