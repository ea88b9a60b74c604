import { describe, expect, it } from 'vitest';
import { parseRedisUrl, RedisUrlError, redactRedisUrl } from './redis-url';

describe('parseRedisUrl', () => {
  it('reads host, port, database and credentials', () => {
    expect(parseRedisUrl('redis://lab:s%40cret@gpu-1.lab:6380/2')).toEqual({
      host: 'gpu-1.lab',
      port: 6380,
      db: 2,
      tls: false,
      username: 'lab',
      password: 's@cret',
    });
    expect(parseRedisUrl('rediss://:pw@[::1]')).toEqual({
      host: '::1',
      port: 6379,
      db: 0,
      tls: true,
      password: 'pw',
    });
  });

  it('refuses what is not a Redis URL without repeating it', () => {
    expect(() => parseRedisUrl('http://x:secret@host')).toThrow(/redis:\/\/ or rediss:\/\//);
    expect(() => parseRedisUrl('redis://host/99')).toThrow(
      /database must be a number from 0 to 15/,
    );
    try {
      parseRedisUrl('secret-password');
    } catch (error) {
      expect(error).toBeInstanceOf(RedisUrlError);
      expect((error as Error).message).not.toContain('secret');
    }
  });
});

describe('redactRedisUrl', () => {
  it('hides the password and keeps what tells queues apart', () => {
    expect(redactRedisUrl('redis://lab:hunter2@gpu-1:6380/3')).toBe('redis://lab:***@gpu-1:6380/3');
    expect(redactRedisUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
    expect(redactRedisUrl('hunter2')).toBe('(an invalid queue URL)');
  });
});
