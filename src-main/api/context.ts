import type { BackendReport } from '@shared/domain/backend';
import type { DataLayout } from '../home';
import type { JobQueue } from '../jobs/job-queue';
import type { Store } from '../store';
import type { EventHub } from './event-hub';

/** What every API handler may use: the data directory, the store, the job queue, the event hub. */
export interface AppContext {
  layout: DataLayout;
  store: Store;
  events: EventHub;
  queue: JobQueue;
  transport: 'ipc' | 'http' | 'cli';
  /** Set once the training worker has loaded TensorFlow.js. */
  backend: BackendReport | null;
}
