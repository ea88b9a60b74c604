import type { SampleThumbnail } from '@shared/api/methods/datasets';
import { describe, expect, it } from 'vitest';
import { ThumbnailStore } from './thumbnail-store';

const thumb = (index: number): SampleThumbnail => ({
  index,
  imagePng: `data:image/png;base64,${index}`,
  spectrogramPng: null,
});
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

function fakeFetch(fail = false) {
  const calls: number[][] = [];
  const fetch = async (indices: number[]) => {
    calls.push(indices);
    if (fail) throw new Error('offline');
    return indices.map(thumb);
  };
  return { calls, fetch };
}

describe('thumbnail store', () => {
  it('sends the requests of one tick as one call and never asks twice for a sample', async () => {
    const { calls, fetch } = fakeFetch();
    const store = new ThumbnailStore(fetch);
    let heard = 0;
    store.subscribe(() => heard++);
    for (const i of [4, 5, 6, 5]) store.request(i);
    store.request(4); // still on its way
    await tick();
    expect(calls).toEqual([[4, 5, 6]]);
    expect(store.get(5)).toEqual(thumb(5));
    expect(heard).toBe(1);
    for (const i of [4, 5, 6, 7]) store.request(i); // scrolled back, plus one new card
    await tick();
    expect(calls).toEqual([[4, 5, 6], [7]]);
  });

  it('splits a large request into calls of at most 100 samples', async () => {
    const { calls, fetch } = fakeFetch();
    const store = new ThumbnailStore(fetch);
    for (let i = 0; i < 250; i++) store.request(i);
    await tick();
    expect(calls.map((c) => c.length)).toEqual([100, 100, 50]);
  });

  it('marks a failed request and does not retry it', async () => {
    const { calls, fetch } = fakeFetch(true);
    const store = new ThumbnailStore(fetch);
    store.request(1);
    await tick();
    expect(store.get(1)).toBe('failed');
    store.request(1);
    await tick();
    expect(calls).toHaveLength(1);
  });

  it('drops the oldest thumbnails past its capacity', async () => {
    const { fetch } = fakeFetch();
    const store = new ThumbnailStore(fetch, 3);
    for (const i of [1, 2, 3, 4]) store.request(i);
    await tick();
    expect(store.get(1)).toBeUndefined();
    expect(store.get(4)).toEqual(thumb(4));
  });
});
