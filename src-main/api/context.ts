import type { BackendReport } from '@shared/domain/backend';
import type { DataLayout } from '../home';
import type { DataWorkerClient } from '../jobs/data-client';
import type { EventHub } from '../jobs/event-hub';
import type { JobQueue } from '../jobs/job-queue';
import type { Store } from '../store';

/** What every API handler may use: the data directory, the store, the job queue, the event hub. */
export interface AppContext {
  layout: DataLayout;
  store: Store;
  events: EventHub;
  queue: JobQueue;
  /** Imports and feature builds, off the main thread. */
  data: DataWorkerClient;
  transport: 'ipc' | 'http' | 'cli';
  /** Set once the training worker has loaded TensorFlow.js. */
  backend: BackendReport | null;
}
