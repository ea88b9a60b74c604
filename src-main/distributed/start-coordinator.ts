import type { ApiRuntime } from '../api/runtime';
import { Coordinator } from './coordinator';
import { type CoordinatorServer, startCoordinatorServer } from './coordinator-server';

export interface CoordinatorSetup {
  queueUrl: string;
  /** Where the workers' API listens: host and port (0: a free one). */
  host: string;
  port: number;
  /** The URL workers reach it at, when not the listening address (NAT, a proxy). */
  advertise?: string;
  token: string;
}

export interface RunningCoordinator {
  coordinator: Coordinator;
  server: CoordinatorServer;
  close(): Promise<void>;
}

/**
 * Makes a runtime a coordinator: its runs go to BullMQ, workers reach it over HTTP. Call before
 * the job queue starts (a takeover asks the coordinator which runs it still has in Redis). When
 * Redis cannot be reached this throws, and nothing is changed: the runtime still trains locally.
 */
export async function startCoordinator(
  runtime: ApiRuntime,
  setup: CoordinatorSetup,
): Promise<RunningCoordinator> {
  let coordinator: Coordinator | null = null;
  const server = await startCoordinatorServer(
    { host: setup.host, port: setup.port, token: setup.token, advertise: setup.advertise },
    () => {
      if (!coordinator) throw new Error('the coordinator is starting');
      return coordinator;
    },
  );
  const { store, layout, events, queue } = runtime.ctx;
  const created = new Coordinator({
    queueUrl: setup.queueUrl,
    store,
    layout,
    events,
    apiUrl: server.url,
  });
  try {
    await created.connect();
  } catch (error) {
    await created.close();
    await server.close();
    throw error;
  }
  created.attach(queue);
  queue.setDispatcher(created);
  coordinator = created;
  return {
    coordinator: created,
    server,
    close: async () => {
      await created.close();
      await server.close();
    },
  };
}
