import { expect, it } from 'vitest';
import { etaSeconds } from './eta';

it('estimates what is left from the rate since the start, not since zero', () => {
  // 20 done in 10 s (a resumed run started at 30): 50 left take 25 s.
  expect(etaSeconds(20, 50, 10_000)).toBe(25);
  expect(etaSeconds(0, 50, 10_000)).toBeNull();
});
