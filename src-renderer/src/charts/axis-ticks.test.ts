import { describe, expect, it } from 'vitest';
import { niceTicks, tickLabel } from './axis-ticks';

describe('axis ticks', () => {
  it('steps by 1, 2 or 5 × 10^k inside the range', () => {
    expect(niceTicks(0, 1.28, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1, 1.2]);
    expect(niceTicks(0, 128, 4)).toEqual([0, 50, 100]);
    expect(niceTicks(-2.4, 3.1, 5)).toEqual([-2, -1, 0, 1, 2, 3]);
    expect(niceTicks(0, 4.05, 8)).toEqual([0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4]);
  });

  it('gives one tick for an empty range', () => {
    expect(niceTicks(1, 1)).toEqual([1]);
  });

  it('labels with the decimals the step needs', () => {
    const ticks = niceTicks(0, 1.28, 5);
    expect(ticks.map((t) => tickLabel(t, ticks))).toEqual([
      '0.0',
      '0.2',
      '0.4',
      '0.6',
      '0.8',
      '1.0',
      '1.2',
    ]);
    expect(tickLabel(100, [0, 50, 100])).toBe('100');
  });
});
