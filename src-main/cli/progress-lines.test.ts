import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatDuration, ProgressLines, progressIntervalMs, progressLine } from './progress-lines';
import { runCountLine } from './watch-runs';

afterEach(() => vi.useRealTimers());

describe('plain progress lines', () => {
  it('formats done/total, percent, elapsed and ETA', () => {
    expect(
      progressLine({ label: 'features', done: 120, total: 500, elapsedMs: 31_000, eta: 98.2 }),
    ).toBe('features: 120/500 (24%) | elapsed 0:31 | eta 1:38');
    expect(progressLine({ label: 'decode', done: 0, total: 10, elapsedMs: 0, eta: null })).toBe(
      'decode: 0/10 (0%) | elapsed 0:00 | eta ?',
    );
    expect(formatDuration(3723)).toBe('1:02:03');
  });

  it('reads the interval from AVLAB_PROGRESS_INTERVAL_MS and refuses nonsense by name', () => {
    expect(progressIntervalMs({})).toBe(5000);
    expect(progressIntervalMs({ AVLAB_PROGRESS_INTERVAL_MS: '200' })).toBe(200);
    expect(() => progressIntervalMs({ AVLAB_PROGRESS_INTERVAL_MS: 'soon' })).toThrow(
      "AVLAB_PROGRESS_INTERVAL_MS must be a number of milliseconds ≥ 10, not 'soon'",
    );
  });

  it('prints a line when an entry starts, one per interval while nothing else happens, and one at the end', () => {
    vi.useFakeTimers();
    let clock = 0;
    const lines: string[] = [];
    const progress = new ProgressLines(
      (l) => lines.push(l),
      1000,
      () => clock,
    );
    progress.update('features', 'features', 0, 4);
    expect(lines).toEqual(['features: 0/4 (0%) | elapsed 0:00 | eta ?']);
    clock = 2000;
    progress.update('features', 'features', 1, 4);
    expect(lines).toHaveLength(1); // updates alone print nothing between two ticks
    vi.advanceTimersByTime(1000);
    clock = 5000;
    vi.advanceTimersByTime(1000);
    expect(lines.slice(1)).toEqual([
      'features: 1/4 (25%) | elapsed 0:02 | eta 0:06',
      'features: 1/4 (25%) | elapsed 0:05 | eta 0:15',
    ]);
    clock = 8000;
    progress.update('features', 'features', 4, 4);
    expect(lines.at(-1)).toBe('features: 4/4 (100%) | elapsed 0:08 | eta 0:00');
    vi.advanceTimersByTime(5000);
    expect(lines).toHaveLength(4); // the timer stops with the last entry
  });
});

describe('runs finished out of all, with the time left', () => {
  it('paces the runs left by those finished since the watch began', () => {
    // 1 had finished before; 2 more in 40 s → 4 left take 80 s.
    expect(runCountLine(3, 7, 1, 0, 'run 14: done', 40_000)).toBe(
      '3 of 7 runs finished (run 14: done) | elapsed 0:40 | eta 1:20',
    );
    expect(runCountLine(1, 2, 1, 0, 'run 3: failed (boom)', 5_000)).toBe(
      '1 of 2 runs finished (run 3: failed (boom)) | elapsed 0:05 | eta ?',
    );
  });
});
