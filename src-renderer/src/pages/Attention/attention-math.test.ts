import type { AttentionMap } from '@shared/domain/training';
import { describe, expect, it } from 'vitest';
import { contentKeyGrid, headMatrix, promptShareOf, splitPromptColumns } from './attention-math';

// 2 heads × 2 queries × 3 keys (1 prompt key + 2 content tokens on a 1×2 grid); rows sum to 1.
const map: AttentionMap = {
  block: 0,
  direction: 'audio_to_visual',
  heads: 2,
  queries: 2,
  keys: 3,
  promptKeys: 1,
  weights: [
    // head 0
    0.5, 0.25, 0.25, 0.1, 0.6, 0.3,
    // head 1
    0.3, 0.35, 0.35, 0.1, 0.2, 0.7,
  ],
};

describe('attention maths', () => {
  it('selects one head or averages the heads', () => {
    expect(Array.from(headMatrix(map, 1))).toEqual([0.3, 0.35, 0.35, 0.1, 0.2, 0.7]);
    const mean = Array.from(headMatrix(map, null));
    for (const [i, v] of [0.4, 0.3, 0.3, 0.1, 0.4, 0.5].entries())
      expect(mean[i]).toBeCloseTo(v, 12);
  });

  it('keeps the prompt key columns apart from the content columns', () => {
    const { prompt, content } = splitPromptColumns(headMatrix(map, 0), 2, 3, 1);
    expect(prompt).toEqual([[0.5], [0.1]]);
    expect(content).toEqual([
      [0.25, 0.25],
      [0.6, 0.3],
    ]);
  });

  it('lays the mean attention per content key on the token grid, and the rest on prompts', () => {
    const matrix = headMatrix(map, 0);
    const grid = contentKeyGrid(matrix, 2, 3, 1, [1, 2]);
    expect(grid[0]).toBeCloseTo(0.425, 12);
    expect(grid[1]).toBeCloseTo(0.275, 12);
    expect(promptShareOf(matrix, 2, 3, 1)).toBeCloseTo(0.3, 12);
    expect(() => contentKeyGrid(matrix, 2, 3, 1, [2, 2])).toThrow(
      /2 content keys, the token grid 2×2 has 4/,
    );
  });

  it('refuses weights that do not match the declared shape', () => {
    expect(() => headMatrix({ ...map, weights: map.weights.slice(1) }, null)).toThrow(
      /11 weights, expected 2×2×3/,
    );
  });
});
