import { type ConnectionOptions, Queue, RedisConnection } from 'bullmq';
import { RespRedisClient } from './redis/redis-client';
import { parseRedisUrl, type RedisEndpoint, redactRedisUrl } from './redis-url';

/** The queue of runs, under one key prefix so that the lab's Redis can hold other things too. */
export const RUN_QUEUE = 'runs';
export const KEY_PREFIX = 'avlab';

// Every BullMQ connection of this process goes through our RESP client (redis/redis-client.ts
// says why); BullMQ asks this factory for each one it opens (queue, worker, blocking pop).
RedisConnection.clientFactory = (options) => new RespRedisClient(endpointOf(options));

function endpointOf(options: Record<string, unknown>): RedisEndpoint {
  return {
    host: String(options.host ?? '127.0.0.1'),
    port: Number(options.port ?? 6379),
    db: Number(options.db ?? 0),
    tls: Boolean(options.tls),
    ...(options.password !== undefined ? { password: String(options.password) } : {}),
    ...(options.username !== undefined ? { username: String(options.username) } : {}),
  };
}

/** BullMQ connection options for a queue URL. */
export function bullConnection(queueUrl: string): ConnectionOptions {
  const endpoint = parseRedisUrl(queueUrl);
  return { ...endpoint, tls: endpoint.tls ? {} : undefined };
}

export class QueueUnavailableError extends Error {
  override name = 'QueueUnavailableError';
}

/**
 * Checks that Redis answers at the queue URL, within `timeoutMs`, before anything is queued: an
 * unreachable or refusing server is one clear message (naming the URL without its password),
 * not a retry loop. Local runs never need this.
 */
export async function probeQueue(
  queueUrl: string,
  timeoutMs = 5000,
  hint = 'Start Redis (or Valkey) there, or train on this machine (--local, or no queue URL in Settings).',
): Promise<void> {
  const endpoint = parseRedisUrl(queueUrl);
  const client = new RespRedisClient(endpoint);
  const shown = redactRedisUrl(queueUrl);
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.connect().then(() => client.command(['PING'])),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${timeoutMs / 1000} s`)),
          timeoutMs,
        );
      }),
    ]);
  } catch (error) {
    throw new QueueUnavailableError(
      `Redis is unavailable at ${shown}: ${(error as Error).message}. ${hint}`,
    );
  } finally {
    clearTimeout(timer);
    client.disconnect();
  }
}

export function openRunQueue(queueUrl: string): Queue {
  const queue = new Queue(RUN_QUEUE, { connection: bullConnection(queueUrl), prefix: KEY_PREFIX });
  return queue;
}
