import type { DatasetSample } from '@shared/domain/dataset';
import { beforeAll, describe, expect, it } from 'vitest';
import { readIdxLabels } from '../../src-main/data/image/idx';
import {
  draftAvmnist,
  FSDD_TEST_SPEAKERS,
  FSDD_TRAIN_SPEAKERS,
} from '../../src-main/data/importers/avmnist';
import type { DatasetDraft } from '../../src-main/data/importers/draft';

// Real data (read-only): FSDD recordings and MNIST IDX files, see /work/shared/data/SOURCES.md.
const FSDD = '/work/shared/data/fsdd';
const MNIST = '/work/shared/data/mnist';

const labelsOf = new Map<string, Uint8Array>();
function mnistLabel(sample: DatasetSample): number {
  if (sample.image.kind !== 'idx') throw new Error('expected an IDX image');
  const labelsPath = sample.image.path.replace('images-idx3', 'labels-idx1');
  if (!labelsOf.has(labelsPath)) labelsOf.set(labelsPath, readIdxLabels(labelsPath));
  return labelsOf.get(labelsPath)![sample.image.index]!;
}

describe('AV-MNIST importer on the real FSDD + MNIST', () => {
  let speaker: DatasetDraft;
  beforeAll(() => {
    speaker = draftAvmnist({
      fsdd: FSDD,
      mnist: MNIST,
      split: 'speaker',
      pairsPerClip: 2,
      seed: 7,
    });
  });

  it('pairs every clip with MNIST images of the same digit', () => {
    expect(speaker.samples).toHaveLength(3000 * 2);
    for (const sample of speaker.samples) {
      expect(mnistLabel(sample)).toBe(sample.label);
      expect(sample.audio.kind === 'file' && sample.audio.path).toMatch(
        new RegExp(`/${sample.label}_[a-z]+_\\d+\\.wav$`),
      );
    }
  });

  it('splits by speaker: train speakers in train/val only, test speakers in test only', () => {
    for (const sample of speaker.samples) {
      if (FSDD_TEST_SPEAKERS.includes(sample.speaker!)) expect(sample.split).toBe('test');
      if (FSDD_TRAIN_SPEAKERS.includes(sample.speaker!)) expect(sample.split).not.toBe('test');
    }
    expect(speaker.rejected).toEqual([]);
    const counts = { train: 0, val: 0, test: 0 };
    for (const sample of speaker.samples) counts[sample.split]++;
    expect(counts).toEqual({ train: 3600, val: 400, test: 2000 });
    // Val is 10 % of each digit's train clips (200 per digit → 20 clips × 2 pairs).
    for (let digit = 0; digit < 10; digit++) {
      expect(speaker.samples.filter((s) => s.split === 'val' && s.label === digit)).toHaveLength(
        40,
      );
    }
  });

  it('draws test images from MNIST test and never reuses an image across samples', () => {
    const seen = new Set<string>();
    for (const sample of speaker.samples) {
      if (sample.image.kind !== 'idx') throw new Error('expected an IDX image');
      expect(sample.image.path.includes('t10k')).toBe(sample.split === 'test');
      const key = `${sample.image.path}#${sample.image.index}`;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
    }
  });

  it('keeps all pairs of a clip in the same split (val carved by clip)', () => {
    const splitOfClip = new Map<string, string>();
    for (const sample of speaker.samples) {
      const clip = sample.audio.kind === 'file' ? sample.audio.path : '';
      expect(splitOfClip.get(clip) ?? sample.split).toBe(sample.split);
      splitOfClip.set(clip, sample.split);
    }
  });

  it('is deterministic by seed and changes with it', () => {
    const again = draftAvmnist({
      fsdd: FSDD,
      mnist: MNIST,
      split: 'speaker',
      pairsPerClip: 2,
      seed: 7,
    });
    expect(again.samples).toEqual(speaker.samples);
    const other = draftAvmnist({
      fsdd: FSDD,
      mnist: MNIST,
      split: 'speaker',
      pairsPerClip: 2,
      seed: 8,
    });
    const images = (draft: DatasetDraft) =>
      draft.samples.map((s) => (s.image.kind === 'idx' ? s.image.index : -1));
    expect(images(other)).not.toEqual(images(speaker));
  });

  it("follows FSDD's official rule: takes 0-4 are test, the rest train/val", () => {
    const official = draftAvmnist({
      fsdd: `${FSDD}/recordings`,
      mnist: MNIST,
      split: 'official',
      valFraction: 0,
    });
    expect(official.samples).toHaveLength(3000);
    for (const sample of official.samples) {
      const take = Number(sample.id.split('#')[0]!.split('_')[2]);
      expect(sample.split).toBe(take <= 4 ? 'test' : 'train');
    }
  });
});
