import { fileURLToPath } from 'node:url';
import type { ApiEvent } from '@shared/api/events';
import { type DataLayout, dataLayout } from '../../../src-main/home';
import { EventHub } from '../../../src-main/jobs/event-hub';
import { JobQueue } from '../../../src-main/jobs/job-queue';
import { typescriptWorker } from '../../../src-main/jobs/worker-entry';
import type { Store } from '../../../src-main/store';
import { memoryStore } from '../../../src-main/store/testing';
import { tempHome } from '../../helpers/temp-home';

/** The scripted training worker (tests/fixtures/workers): reports what a run asks for, no tfjs. */
export const scriptedWorker = typescriptWorker(
  fileURLToPath(new URL('../../fixtures/workers/scripted-worker.ts', import.meta.url)),
);

/**
 * A JobQueue over a fresh data directory, driven by the scripted worker, with every event it
 * emits collected in `seen`. `store` builds the store from the layout (default: in memory);
 * `close` ends the queue and removes the directory.
 */
export function scriptedQueue(
  options: { concurrency?: number; store?: (layout: DataLayout) => Store } = {},
) {
  const home = tempHome();
  const layout = dataLayout(home.dir);
  const store = options.store?.(layout) ?? memoryStore();
  const events = new EventHub();
  const seen: ApiEvent[] = [];
  events.subscribe((e) => seen.push(e));
  const queue = new JobQueue({
    store,
    layout,
    events,
    concurrency: () => options.concurrency ?? 1,
    workerEntry: scriptedWorker,
  });
  return {
    home,
    layout,
    store,
    events,
    seen,
    queue,
    close: async () => {
      await queue.close();
      home.remove();
    },
  };
}
