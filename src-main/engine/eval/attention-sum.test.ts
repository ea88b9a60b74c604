import type { AttentionMapShape } from '@shared/domain/training';
import { describe, expect, it } from 'vitest';
import { AttentionSum } from './attention-sum';

// One query row, two heads, two keys of which the first is a prompt: weights [head, key].
const shape: AttentionMapShape = {
  block: 0,
  direction: 'audio_to_visual',
  heads: 2,
  queries: 1,
  keys: 2,
  promptKeys: 1,
};

describe('AttentionSum', () => {
  it('averages over samples, then heads, as computed by hand', () => {
    // Samples A = [.2 .8 | .6 .4], B = [.4 .6 | 1 0] in one batch, C = [.5 .5 | .1 .9] in another.
    const sum = new AttentionSum();
    sum.addBatch([{ shape, batchSum: [0.6, 1.4, 1.6, 0.4] }], 2);
    sum.addBatch([{ shape, batchSum: [0.5, 0.5, 0.1, 0.9] }], 1);
    expect(sum.count).toBe(3);
    const [map] = sum.average();
    // Per head over 3 samples: head 0 = [1.1, 1.9] / 3, head 1 = [1.7, 1.3] / 3.
    // Mean of heads: [(1.1 + 1.7) / 6, (1.9 + 1.3) / 6] = [0.4667, 0.5333].
    expect(map!.mean[0]).toBeCloseTo(2.8 / 6, 12);
    expect(map!.mean[1]).toBeCloseTo(3.2 / 6, 12);
    expect(map!.promptShareByHead[0]).toBeCloseTo(1.1 / 3, 12);
    expect(map!.promptShareByHead[1]).toBeCloseTo(1.7 / 3, 12);
    expect(map!.shares.prompts).toBeCloseTo(2.8 / 6, 12);
    expect(map!.shares.tokens).toBeCloseTo(3.2 / 6, 12);
    expect(map).toMatchObject({ block: 0, direction: 'audio_to_visual', promptKeys: 1 });
  });

  it('divides a head’s prompt mass by its query rows, so each share stays within 0..1', () => {
    const twoQueries = { ...shape, heads: 1, queries: 2 };
    const sum = new AttentionSum();
    // One sample; rows [.3 .7] and [.9 .1]: on prompts (0.3 + 0.9) / 2 = 0.6.
    sum.addBatch([{ shape: twoQueries, batchSum: [0.3, 0.7, 0.9, 0.1] }], 1);
    const [map] = sum.average();
    expect(map!.promptShareByHead[0]).toBeCloseTo(0.6, 12);
    expect(map!.shares).toEqual({
      prompts: expect.closeTo(0.6, 12),
      tokens: expect.closeTo(0.4, 12),
    });
    expect(map!.mean).toEqual([0.3, 0.7, 0.9, 0.1].map((x) => expect.closeTo(x, 12)));
  });

  it('keeps one sum per block and direction, in the order first seen', () => {
    const sum = new AttentionSum();
    const other = { ...shape, direction: 'visual_to_audio' as const };
    sum.addBatch(
      [
        { shape, batchSum: [1, 0, 0, 1] },
        { shape: other, batchSum: [0, 1, 0, 1] },
      ],
      1,
    );
    expect(sum.average().map((m) => [m.direction, m.shares.prompts])).toEqual([
      ['audio_to_visual', 0.5],
      ['visual_to_audio', 0],
    ]);
  });

  it('refuses weights that do not fit the shape, and an average of nothing', () => {
    const sum = new AttentionSum();
    expect(() => sum.addBatch([{ shape, batchSum: [1, 0, 0] }], 1)).toThrow(
      'attention map of block 0 audio_to_visual: 3 weights, expected 2×1×2',
    );
    expect(() => sum.average()).toThrow('no sample was added');
  });
});
