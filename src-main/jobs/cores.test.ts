import { availableParallelism } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { coresPerRun } from './cores';

describe('cores per run', () => {
  const saved = process.env.AVLAB_CORES;
  afterEach(() => {
    if (saved === undefined) delete process.env.AVLAB_CORES;
    else process.env.AVLAB_CORES = saved;
  });

  it('splits the setting evenly among the runs trained at once, at least one each', () => {
    expect(coresPerRun(8, 1)).toBe(8);
    expect(coresPerRun(8, 3)).toBe(2);
    expect(coresPerRun(2, 4)).toBe(1);
  });

  it('falls back to AVLAB_CORES, then to every core', () => {
    process.env.AVLAB_CORES = '6';
    expect(coresPerRun(null, 2)).toBe(3);
    delete process.env.AVLAB_CORES;
    expect(coresPerRun(null, 1)).toBe(availableParallelism());
  });
});
