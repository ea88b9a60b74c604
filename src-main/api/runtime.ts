import { dataLayout, resolveDataDir } from '../home';
import { DataWorkerClient } from '../jobs/data-client';
import { EventHub } from '../jobs/event-hub';
import { JobQueue } from '../jobs/job-queue';
import { queueLock } from '../jobs/queue-lock';
import type { WorkerEntry } from '../jobs/worker-entry';
import { createStore } from '../store';
import { openDatabase } from '../store/connection';
import type { AppContext } from './context';
import type { ApiHandlers } from './handler-types';
import { createHandlers } from './handlers';

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
  /**
   * Whether this process trains queued runs (the app, `serve`: the default). A CLI command starts
   * the queue itself only when it runs work, so that reading never touches a run.
   */
  startQueue?: boolean;
  /** This process in words, for the queue lock's activity record (default: by transport). */
  holder?: string;
}

const HOLDER_BY_TRANSPORT: Record<AppContext['transport'], string> = {
  ipc: 'the desktop app',
  http: 'avlab serve (web mode)',
  cli: 'an avlab command',
};

/**
 * Opens the data directory and database, starts the job queue unless told not to (the queue
 * claims the data directory's lock and marks runs a crash cut off as interrupted) and builds the
 * API on top: one per process.
 */
export function startApiRuntime(options: RuntimeOptions): ApiRuntime {
  const layout = dataLayout(resolveDataDir(options.home));
  const db = openDatabase(layout.database);
  const store = createStore(db);
  const events = new EventHub();
  const lock = queueLock(layout.root);
  const queue = new JobQueue({
    lock,
    store,
    layout,
    events,
    concurrency: () => store.settings.get().concurrency,
    workerEntry: options.workerEntry,
    holder: options.holder ?? HOLDER_BY_TRANSPORT[options.transport],
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
  if (options.startQueue ?? true) queue.start();
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
