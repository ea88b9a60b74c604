import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../write-file-atomic';
import { parseRedisUrl } from './redis-url';

/**
 * The distributed part of Settings, apart from the SQLite settings because it holds secrets: the
 * queue URL may carry a Redis password and the worker token lets a machine write results. The
 * file is created, and kept, readable by its owner only (0600).
 */
export const DISTRIBUTED_FILE = 'distributed.json';

const FileSchema = z.object({
  /** The Redis/Valkey URL runs are dispatched to; null: runs train on this machine. */
  queueUrl: z.string().nullable().default(null),
  /** What workers present to this coordinator's API (`avlab worker --token`). */
  workerToken: z.string().min(16),
});
export type DistributedSettings = z.infer<typeof FileSchema>;

export function distributedSettingsPath(root: string): string {
  return join(root, DISTRIBUTED_FILE);
}

/** The settings as stored; without a file: no queue, and no token yet. Writes nothing. */
export function readDistributedSettings(
  root: string,
): Omit<DistributedSettings, 'workerToken'> & { workerToken: string | null } {
  const file = distributedSettingsPath(root);
  if (!existsSync(file)) return { queueUrl: null, workerToken: null };
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: not valid JSON (${(error as Error).message})`);
  }
  const parsed = FileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}

/** The token workers must present, created (and stored) when a coordinator first needs one. */
export function workerToken(root: string): string {
  return (
    readDistributedSettings(root).workerToken ?? writeDistributedSettings(root, {}).workerToken
  );
}

/** Changes some settings; a queue URL is checked first (an error names what is wrong, not it). */
export function writeDistributedSettings(
  root: string,
  patch: Partial<DistributedSettings>,
): DistributedSettings {
  const file = distributedSettingsPath(root);
  const current = existsSync(file) ? readDistributedSettings(root) : null;
  if (patch.queueUrl) parseRedisUrl(patch.queueUrl);
  const next: DistributedSettings = {
    queueUrl: patch.queueUrl !== undefined ? patch.queueUrl || null : (current?.queueUrl ?? null),
    workerToken: patch.workerToken ?? current?.workerToken ?? randomBytes(24).toString('base64url'),
  };
  writeFileAtomic(file, `${JSON.stringify(next, null, 2)}\n`, 0o600);
  return next;
}
