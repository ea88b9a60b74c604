import { type RemoteWorker, RemoteWorkerSchema } from '@shared/domain/distributed';
import type { Redis } from 'ioredis';
import { closeRedis, connectRedis } from './bull-queue';

const KEY = (id: string) => `avlab:worker:${id}`;
/** A worker heartbeats every 5 s; one not heard of for 15 s is gone (killed, or its host down). */
export const HEARTBEAT_MS = 5000;
const TTL_SECONDS = 15;

/** A worker's heartbeat: its announcement, kept in Redis for 15 s. */
export async function announceWorker(redis: Redis, worker: RemoteWorker): Promise<void> {
  await redis.set(KEY(worker.id), JSON.stringify(worker), 'EX', TTL_SECONDS);
}

export async function withdrawWorker(redis: Redis, id: string): Promise<void> {
  await redis.del(KEY(id));
}

/** The workers alive now (heard of in the last 15 s), by host then id. */
export async function liveWorkers(redis: Redis): Promise<RemoteWorker[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', KEY('*'), 'COUNT', 200);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== '0');
  if (keys.length === 0) return [];
  const values = await redis.mget(keys);
  const workers: RemoteWorker[] = [];
  for (const value of values) {
    if (value === null) continue;
    // A worker of another version may announce more or less: it is skipped, not fatal.
    const parsed = RemoteWorkerSchema.safeParse(safeJson(value));
    if (parsed.success) workers.push(parsed.data);
  }
  return workers.sort((a, b) => a.host.localeCompare(b.host) || a.id.localeCompare(b.id));
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** The live workers of the queue at `queueUrl`, over a connection of their own (the API's list). */
export async function listWorkersAt(queueUrl: string): Promise<RemoteWorker[]> {
  const redis = await connectRedis(queueUrl, 2000);
  try {
    return await liveWorkers(redis);
  } finally {
    await closeRedis(redis);
  }
}
