import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type ApiRuntime, startApiRuntime } from '../../src-main/api/runtime';
import { startWebServer, type WebServer } from '../../src-main/server/web-server';
import { tempHome } from './temp-home';

export const RENDERER_DIR = join(import.meta.dirname, '..', '..', 'out', 'renderer');

/** Web mode in-process on a fresh data directory: what the browser tests drive. */
export async function startWebApp(): Promise<{
  server: WebServer;
  runtime: ApiRuntime;
  stop(): Promise<void>;
}> {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    throw new Error('out/renderer is not built: `npm test` builds it first (npm run build).');
  }
  const home = tempHome();
  const runtime = startApiRuntime({ home: home.dir, transport: 'http' });
  const server = await startWebServer({ runtime, staticDir: RENDERER_DIR, port: 0 });
  return {
    server,
    runtime,
    stop: async () => {
      await server.close();
      await runtime.close();
      home.remove();
    },
  };
}
