import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempHome } from '../../../tests/helpers/temp-home';
import { freePort } from '../../../tests/support/distributed/redis-server';
import { dispatch } from '../dispatch';
import { type ApiRuntime, startApiRuntime } from '../runtime';

// The queue URL in Settings: stored apart, readable by its owner only, never answered with its
// password; a form saved unchanged keeps the password it cannot see.
const home = tempHome('avlab-settings-queue-');
let runtime: ApiRuntime;

beforeAll(() => {
  runtime = startApiRuntime({ home: home.dir, transport: 'cli', startQueue: false });
});
afterAll(async () => {
  await runtime.close();
  home.remove();
});

const call = async (method: string, params: unknown) => dispatch(runtime.handlers, method, params);
const file = () => join(home.dir, 'distributed.json');

describe('settings.queueUrl', () => {
  it('is null until set, then read back with its password as ***', async () => {
    expect(await call('settings.get', {})).toMatchObject({ ok: true, result: { queueUrl: null } });
    const updated = await call('settings.update', { queueUrl: 'redis://lab:hunter2@gpu-1:6380/2' });
    expect(updated).toMatchObject({
      ok: true,
      result: { queueUrl: 'redis://lab:***@gpu-1:6380/2' },
    });
    expect(JSON.stringify(await call('settings.get', {}))).not.toContain('hunter2');
    expect(statSync(file()).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file(), 'utf8')).queueUrl).toBe(
      'redis://lab:hunter2@gpu-1:6380/2',
    );
  });

  it('keeps the stored password when the shown URL comes back unchanged', async () => {
    await call('settings.update', { queueUrl: 'redis://lab:***@gpu-1:6380/2', concurrency: 2 });
    expect(JSON.parse(readFileSync(file(), 'utf8')).queueUrl).toBe(
      'redis://lab:hunter2@gpu-1:6380/2',
    );
    expect((await call('settings.get', {})) as { result: unknown }).toMatchObject({
      result: { concurrency: 2 },
    });
  });

  it('refuses what is not a Redis URL, naming the field, and keeps the stored one', async () => {
    const refused = await call('settings.update', { queueUrl: 'http://gpu-1' });
    expect(refused).toMatchObject({
      ok: false,
      error: { kind: 'invalid_request', issues: [{ field: 'queueUrl' }] },
    });
    expect(JSON.parse(readFileSync(file(), 'utf8')).queueUrl).toBe(
      'redis://lab:hunter2@gpu-1:6380/2',
    );
  });

  it('lists no workers, saying why, when the queue cannot be reached; none without a queue', async () => {
    await call('settings.update', { queueUrl: `redis://:s3cret@127.0.0.1:${await freePort()}` });
    const status = (await call('distributed.workers', {})) as {
      result: { queue: string; workers: unknown[]; error: string };
    };
    expect(status.result.workers).toEqual([]);
    expect(status.result.queue).toMatch(/^redis:\/\/:\*\*\*@127\.0\.0\.1:\d+$/);
    expect(status.result.error).toMatch(/^Redis is unavailable at redis:\/\/:\*\*\*@/);
    expect(JSON.stringify(status)).not.toContain('s3cret');
    await call('settings.update', { queueUrl: null });
    expect(await call('distributed.workers', {})).toMatchObject({
      ok: true,
      result: { queue: null, workers: [], error: null },
    });
  });
});
