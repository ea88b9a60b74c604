import { dataLayout, resolveDataDir } from '../home';
import { DataWorkerClient } from '../jobs/data-client';
import { EventHub } from '../jobs/event-hub';
import { JobQueue } from '../jobs/job-queue';
import { acquireQueueLock } from '../jobs/queue-lock';
import type { WorkerEntry } from '../jobs/worker-entry';
import { createStore } from '../store';
import { openDatabase } from '../store/connection';
import type { AppContext } from './context';
import { type ApiHandlers, createHandlers } from './handlers';

export interface ApiRuntime {
  ctx: AppContext;
  handlers: ApiHandlers;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  home?: string;
  transport: AppContext['transport'];
  /** Tests swap in a scripted training worker. */
  workerEntry?: WorkerEntry;
}

/**
 * Opens the data directory and database, starts the job queue (marking runs a crash cut off
 * as interrupted) and builds the API on top: one per process.
 */
export function startApiRuntime(options: RuntimeOptions): ApiRuntime {
  const layout = dataLayout(resolveDataDir(options.home));
  const db = openDatabase(layout.database);
  const store = createStore(db);
  const events = new EventHub();
  const lock = acquireQueueLock(layout.root);
  const queue = new JobQueue({
    foreignOwner: lock.ownerPid,
    store,
    layout,
    events,
    concurrency: () => store.settings.get().concurrency,
    workerEntry: options.workerEntry,
  });
  const data = new DataWorkerClient(layout.root);
  const ctx: AppContext = {
    layout,
    store,
    events,
    queue,
    data,
    transport: options.transport,
    backend: null,
  };
  queue.onBackend = (report) => {
    ctx.backend = report;
  };
  queue.start();
  return {
    ctx,
    handlers: createHandlers(ctx),
    close: async () => {
      await Promise.all([queue.close(), data.close()]);
      db.close();
      lock.release();
    },
  };
}
