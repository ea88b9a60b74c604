import type { StepProgress } from '@shared/domain/training';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LiveRunStore } from './live-run-store';

const progress = (epoch: number, step: number, loss = 1): StepProgress => ({
  epoch,
  step,
  stepsPerEpoch: 10,
  loss,
  accuracy: 0.5,
  samplesPerSec: 100,
  etaSeconds: 5,
});

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('live run store', () => {
  it('tells subscribers once per flush however many events arrived', () => {
    const store = new LiveRunStore(500);
    const listener = vi.fn();
    store.subscribe(listener);
    for (let step = 1; step <= 100; step++) store.record(7, progress(1, step));
    expect(listener).not.toHaveBeenCalled();
    vi.advanceTimersByTime(500);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(store.get(7)?.points).toHaveLength(100);
    expect(store.get(7)?.latest.step).toBe(100);
    // x is epochs done as a fraction: step 5 of 10 in epoch 2 is 1.5
    store.record(7, progress(2, 5));
    vi.advanceTimersByTime(500);
    expect(store.get(7)?.points.at(-1)?.x).toBe(1.5);
    expect(listener).toHaveBeenCalledTimes(2);
  });

  it('gives a new object only to the runs that changed, so only their views re-render', () => {
    const store = new LiveRunStore(500);
    store.record(1, progress(1, 1));
    store.record(2, progress(1, 1));
    vi.advanceTimersByTime(500);
    const [one, two] = [store.get(1), store.get(2)];
    store.record(1, progress(1, 2));
    vi.advanceTimersByTime(500);
    expect(store.get(1)).not.toBe(one);
    expect(store.get(2)).toBe(two);
  });

  it('thins a long series instead of growing without bound, keeping its first and latest shape', () => {
    const store = new LiveRunStore(500);
    for (let i = 0; i < 2001; i++)
      store.record(1, progress(1 + Math.floor(i / 10), (i % 10) + 1, i));
    const points = store.get(1)!.points;
    expect(points.length).toBe(1001);
    expect(points[0]!.loss).toBe(0);
    expect(points.at(-1)!.loss).toBe(2000);
  });

  it('stops telling anyone after dispose', () => {
    const store = new LiveRunStore(500);
    const listener = vi.fn();
    store.subscribe(listener);
    store.record(1, progress(1, 1));
    store.dispose();
    vi.advanceTimersByTime(1000);
    expect(listener).not.toHaveBeenCalled();
  });
});
