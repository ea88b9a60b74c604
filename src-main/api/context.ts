import type { BackendReport } from '@shared/domain/backend';
import type { DataLayout } from '../home';
import type { Db } from '../store/connection';
import { SettingsRepository } from '../store/repositories/settings-repository';
import { EventHub } from './event-hub';

/** What every API handler may use: the data directory, the database, the event hub. */
export interface AppContext {
  layout: DataLayout;
  db: Db;
  events: EventHub;
  settings: SettingsRepository;
  transport: 'ipc' | 'http' | 'cli';
  /** Set once the training worker has loaded TensorFlow.js. */
  backend: BackendReport | null;
}

export function createContext(
  layout: DataLayout,
  db: Db,
  transport: AppContext['transport'],
): AppContext {
  return {
    layout,
    db,
    events: new EventHub(),
    settings: new SettingsRepository(db),
    transport,
    backend: null,
  };
}
