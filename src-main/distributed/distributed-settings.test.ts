import { existsSync, statSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { tempHome } from '../../tests/helpers/temp-home';
import {
  distributedSettingsPath,
  readDistributedSettings,
  workerToken,
  writeDistributedSettings,
} from './distributed-settings';

const homes: { remove(): void }[] = [];
afterEach(() => {
  for (const h of homes.splice(0)) h.remove();
});
const home = () => {
  const h = tempHome('avlab-distributed-settings-');
  homes.push(h);
  return h.dir;
};

describe('distributed settings (queue URL and worker token)', () => {
  it('creates the file readable by its owner only, with a token that stays', () => {
    const root = home();
    expect(readDistributedSettings(root)).toEqual({ queueUrl: null, workerToken: null });
    expect(existsSync(distributedSettingsPath(root))).toBe(false);
    const token = workerToken(root);
    expect(token.length).toBeGreaterThanOrEqual(16);
    expect(workerToken(root)).toBe(token);
    const first = readDistributedSettings(root);
    expect(statSync(distributedSettingsPath(root)).mode & 0o777).toBe(0o600);
    const changed = writeDistributedSettings(root, { queueUrl: 'redis://u:pw@gpu:6380/1' });
    expect(changed).toEqual({
      queueUrl: 'redis://u:pw@gpu:6380/1',
      workerToken: first.workerToken,
    });
    expect(statSync(distributedSettingsPath(root)).mode & 0o777).toBe(0o600);
    expect(writeDistributedSettings(root, { queueUrl: '' }).queueUrl).toBeNull();
  });

  it('refuses a bad queue URL without storing it, and names a damaged file', () => {
    const root = home();
    expect(() => writeDistributedSettings(root, { queueUrl: 'http://x' })).toThrow(
      /must start with redis:\/\/ or rediss:\/\//,
    );
    expect(readDistributedSettings(root).queueUrl).toBeNull();
    workerToken(root);
    writeFileSync(distributedSettingsPath(root), '{ not json');
    expect(() => readDistributedSettings(root)).toThrow(/distributed\.json: not valid JSON/);
  });
});
