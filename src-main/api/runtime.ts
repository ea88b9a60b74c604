import { dataLayout, resolveDataDir } from '../home';
import { openDatabase } from '../store/connection';
import { type AppContext, createContext } from './context';
import { type ApiHandlers, createHandlers } from './handlers';

export interface ApiRuntime {
  ctx: AppContext;
  handlers: ApiHandlers;
  close(): void;
}

/** Opens the data directory and database and builds the API on top: one per process. */
export function startApiRuntime(options: {
  home?: string;
  transport: AppContext['transport'];
}): ApiRuntime {
  const layout = dataLayout(resolveDataDir(options.home));
  const db = openDatabase(layout.database);
  const ctx = createContext(layout, db, options.transport);
  return {
    ctx,
    handlers: createHandlers(ctx),
    close: () => db.close(),
  };
}
