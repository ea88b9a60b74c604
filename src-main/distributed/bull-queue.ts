import { type ConnectionOptions, Queue } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import { parseRedisUrl, redactRedisUrl } from './redis-url';

/** The queue of runs, under one key prefix so that the lab's Redis can hold other things too. */
export const RUN_QUEUE = 'runs';
export const KEY_PREFIX = 'avlab';

/** After a connection that was ready drops: 1 s … 20 s between attempts (BullMQ's default). */
const reconnectDelay = (times: number) => Math.max(Math.min(Math.exp(times), 20_000), 1000);

/** ioredis options for a queue URL: host, port, database, credentials, TLS. */
function redisOptions(queueUrl: string): RedisOptions {
  const { host, port, db, username, password, tls } = parseRedisUrl(queueUrl);
  return {
    host,
    port,
    db,
    ...(username !== undefined ? { username } : {}),
    ...(password !== undefined ? { password } : {}),
    ...(tls ? { tls: { servername: host } } : {}),
  };
}

/**
 * BullMQ connection options for a queue URL: BullMQ opens (and closes) its ioredis connections
 * from them. `maxRetriesPerRequest: null` is what BullMQ requires of a Worker's and of
 * QueueEvents' blocking connections; a Queue keeps ioredis's default (20 reconnects), so that a
 * command during an outage fails in the end rather than waits for ever.
 */
export function bullConnection(queueUrl: string, blocking = true): ConnectionOptions {
  return {
    ...redisOptions(queueUrl),
    retryStrategy: reconnectDelay,
    ...(blocking ? { maxRetriesPerRequest: null } : {}),
  };
}

export class QueueUnavailableError extends Error {
  override name = 'QueueUnavailableError';
}

const DEFAULT_HINT =
  'Start Redis (or Valkey) there, or train on this machine (--local, or no queue URL in Settings).';

/**
 * A connection of our own (heartbeats, cancel flags, leases), ready within `timeoutMs` or one
 * clear error naming the URL without its password: the first connect is tried once, not retried
 * forever. It is also the check that Redis answers before anything is queued (local runs never
 * call it). Once it has been ready, a dropped connection reconnects by itself; meanwhile commands
 * fail at once (no offline queue), as a heartbeat or a flag is better missed than late.
 * Close it with `closeRedis`.
 */
export async function connectRedis(
  queueUrl: string,
  timeoutMs = 5000,
  hint = DEFAULT_HINT,
): Promise<Redis> {
  const options = redisOptions(queueUrl);
  const redis = new Redis({
    ...options,
    lazyConnect: true,
    connectTimeout: timeoutMs,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy: reconnectDelay,
  });
  // ioredis's connect() rejects with a bare "Connection is closed."; the cause (ECONNREFUSED,
  // WRONGPASS, ETIMEDOUT …) comes as an 'error' event first. Errors after the connection was
  // ready surface through the commands that fail.
  let cause: Error | undefined;
  redis.on('error', (error: Error) => {
    cause ??= error;
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      redis.connect().then(() => redis.ping()),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${timeoutMs / 1000} s`)),
          timeoutMs,
        );
      }),
    ]);
  } catch (error) {
    redis.disconnect(); // stops ioredis's reconnect attempts
    const reason = (cause ?? (error as Error)).message.replace(/\.$/, '');
    throw new QueueUnavailableError(
      `Redis is unavailable at ${redactRedisUrl(queueUrl)}: ${reason}. ${hint}`,
    );
  } finally {
    clearTimeout(timer);
  }
  return redis;
}

/** Closes a connection of `connectRedis`: QUIT when it is up, and no reconnect either way. */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'ready') await redis.quit().catch(() => undefined);
  redis.disconnect();
}

export function openRunQueue(queueUrl: string): Queue {
  return new Queue(RUN_QUEUE, { connection: bullConnection(queueUrl, false), prefix: KEY_PREFIX });
}
