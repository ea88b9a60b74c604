import type { SampleThumbnail } from '@shared/api/methods/datasets';

type FetchBatch = (indices: number[]) => Promise<SampleThumbnail[]>;

/** The API's limit per datasets.thumbnails call. */
const BATCH = 100;

/**
 * Thumbnails of one dataset, fetched in batches and kept per sample: a virtualised grid asks for
 * the cards it shows as they scroll in, and a card that scrolls out and back in (or a filter
 * that shows it again) is drawn from here without another request. Requests made in the same
 * tick go out as one call. The oldest entries are dropped past `capacity`.
 */
export class ThumbnailStore {
  private readonly entries = new Map<number, SampleThumbnail | 'failed'>();
  private readonly pending = new Set<number>();
  private queued: number[] = [];
  private flushScheduled = false;
  private readonly listeners = new Set<() => void>();
  private version = 0;

  constructor(
    private readonly fetchBatch: FetchBatch,
    private readonly capacity = 3000,
  ) {}

  /** The thumbnail if it has arrived; 'failed' when its request failed (it is not retried). */
  get(index: number): SampleThumbnail | 'failed' | undefined {
    return this.entries.get(index);
  }

  /** Asks for a sample's thumbnail unless it is here or on its way. */
  request(index: number): void {
    if (this.entries.has(index) || this.pending.has(index)) return;
    this.pending.add(index);
    this.queued.push(index);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      queueMicrotask(() => this.flush());
    }
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Changes whenever thumbnails arrive (for useSyncExternalStore). */
  getVersion = (): number => this.version;

  private flush(): void {
    this.flushScheduled = false;
    const queued = this.queued;
    this.queued = [];
    for (let i = 0; i < queued.length; i += BATCH) void this.load(queued.slice(i, i + BATCH));
  }

  private async load(indices: number[]): Promise<void> {
    let items: (SampleThumbnail | 'failed')[];
    try {
      const byIndex = new Map((await this.fetchBatch(indices)).map((t) => [t.index, t]));
      items = indices.map((i) => byIndex.get(i) ?? 'failed');
    } catch {
      items = indices.map(() => 'failed');
    }
    indices.forEach((index, k) => {
      this.pending.delete(index);
      this.entries.set(index, items[k]!);
    });
    while (this.entries.size > this.capacity) {
      this.entries.delete(this.entries.keys().next().value!);
    }
    this.version++;
    for (const listener of this.listeners) listener();
  }
}

const stores = new WeakMap<object, Map<string, ThumbnailStore>>();

/**
 * One store per API client and dataset for the life of the page, so leaving the browser for a
 * sample and coming back draws the cards from memory.
 */
export function thumbnailStoreFor(
  api: object,
  datasetId: string,
  fetchBatch: FetchBatch,
): ThumbnailStore {
  let byDataset = stores.get(api);
  if (!byDataset) {
    byDataset = new Map();
    stores.set(api, byDataset);
  }
  let store = byDataset.get(datasetId);
  if (!store) {
    store = new ThumbnailStore(fetchBatch);
    byDataset.set(datasetId, store);
  }
  return store;
}
