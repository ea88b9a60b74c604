import type { ApiRuntime } from '../api/runtime';
import { readDistributedSettings, workerToken } from './distributed-settings';
import { redactRedisUrl } from './redis-url';
import { startCoordinator } from './start-coordinator';

/**
 * Starts the job queue of the app or `avlab serve`: through the queue of Settings when one is
 * set and Redis answers, here otherwise. Redis unavailable is logged, and runs train locally;
 * the app is never kept from starting by it. The workers' API listens where
 * AVLAB_COORDINATOR_LISTEN says (HOST:PORT, default 127.0.0.1 on a free port).
 */
export async function startQueueFromSettings(
  runtime: ApiRuntime,
  log: (line: string) => void,
): Promise<void> {
  try {
    const { root } = runtime.ctx.layout;
    const { queueUrl } = readDistributedSettings(root);
    if (queueUrl) {
      const [host, port] = (process.env.AVLAB_COORDINATOR_LISTEN ?? '127.0.0.1:0').split(
        /:(?=\d+$)/,
      );
      const running = await startCoordinator(runtime, {
        queueUrl,
        host: host || '127.0.0.1',
        port: Number(port ?? 0),
        advertise: process.env.AVLAB_COORDINATOR_ADVERTISE,
        token: process.env.AVLAB_WORKER_TOKEN ?? workerToken(root),
      });
      const closeRuntime = runtime.close;
      runtime.close = async () => {
        await running.close();
        await closeRuntime();
      };
      log(
        `runs are dispatched to ${redactRedisUrl(queueUrl)}; workers reach this coordinator at ${running.server.url}`,
      );
    }
  } catch (error) {
    log(`${(error as Error).message} Runs train on this machine.`);
  }
  runtime.ctx.queue.start();
}
