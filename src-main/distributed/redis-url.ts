/** Where Redis (or Valkey) is, parsed from `redis://[user:password@]host[:port][/db]`. */
export interface RedisEndpoint {
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
  /** `rediss://`: TLS. */
  tls: boolean;
}

export class RedisUrlError extends Error {
  override name = 'RedisUrlError';
}

/**
 * Reads a queue URL. The error never repeats the URL itself (it may carry a password): it names
 * what is wrong with it.
 */
export function parseRedisUrl(text: string): RedisEndpoint {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new RedisUrlError(
      'the queue URL is not a URL: write redis://HOST:PORT[/DB] (or rediss:// for TLS)',
    );
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new RedisUrlError(
      `the queue URL must start with redis:// or rediss://, not ${url.protocol}//`,
    );
  }
  if (!url.hostname) throw new RedisUrlError('the queue URL names no host');
  const port = url.port === '' ? 6379 : Number(url.port);
  const path = url.pathname.replace(/^\//, '');
  const db = path === '' ? 0 : Number(path);
  if (!Number.isInteger(db) || db < 0 || db > 15) {
    throw new RedisUrlError(
      `the queue URL's database must be a number from 0 to 15, not '${path}'`,
    );
  }
  const username = url.username ? decodeURIComponent(url.username) : undefined;
  const password = url.password ? decodeURIComponent(url.password) : undefined;
  return {
    // IPv6 literals come bracketed from URL; net.connect wants them bare.
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port,
    db,
    tls: url.protocol === 'rediss:',
    // A URL with only a password (redis://:secret@host) authenticates as the default user.
    ...(password !== undefined ? { password } : {}),
    ...(username && password !== undefined ? { username } : {}),
  };
}

/**
 * The URL as it may be shown: in logs, errors, API responses and the UI. The password becomes
 * `***`; everything else (user, host, port, database) stays, since a person needs it to tell
 * queues apart.
 */
export function redactRedisUrl(text: string): string {
  try {
    const url = new URL(text);
    if (url.password) url.password = '***';
    return url.toString().replace(/\/$/, '');
  } catch {
    // Not a URL: show nothing of it, it may be a password pasted into the wrong field.
    return '(an invalid queue URL)';
  }
}
