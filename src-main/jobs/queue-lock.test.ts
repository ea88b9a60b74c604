import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { tempHome } from '../../tests/helpers/temp-home';
import { processStartTime } from './process-identity';
import { acquireQueueLock, queueLock } from './queue-lock';

const homes: { remove(): void }[] = [];
afterEach(() => {
  for (const home of homes.splice(0)) home.remove();
});
const freshHome = () => {
  const home = tempHome();
  homes.push(home);
  return home.dir;
};
const onLinux = process.platform === 'linux';

it('lets one process own the queue, and takes over a lock left by a dead one', () => {
  const dir = freshHome();
  const first = acquireQueueLock(dir);
  expect(first.owned).toBe(true);
  // Another live process (our parent) holding the lock keeps it (a bare pid: older versions).
  writeFileSync(join(dir, 'queue.lock'), String(process.ppid));
  expect(acquireQueueLock(dir)).toMatchObject({ owned: false, ownerPid: process.ppid });
  // A pid that no longer runs is stale.
  writeFileSync(join(dir, 'queue.lock'), '999999999');
  const taken = acquireQueueLock(dir);
  expect(taken.owned).toBe(true);
  taken.release();
});

it.runIf(onLinux)(
  'respects a live owner by pid and start time, and takes over when its pid now names a process started at another time',
  () => {
    const dir = freshHome();
    const parent = { pid: process.ppid, start: processStartTime(process.ppid) };
    writeFileSync(join(dir, 'queue.lock'), JSON.stringify(parent));
    expect(acquireQueueLock(dir)).toMatchObject({ owned: false, ownerPid: process.ppid });
    // The owner died and an unrelated process got its pid: same pid, another start time.
    writeFileSync(join(dir, 'queue.lock'), JSON.stringify({ ...parent, start: '1' }));
    const taken = acquireQueueLock(dir);
    expect(taken.owned).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'queue.lock'), 'utf8'))).toEqual({
      pid: process.pid,
      start: processStartTime(process.pid),
    });
    taken.release();
  },
);

it('is claimed again when asked: a process refused while another owned it takes over once that one is gone', () => {
  const dir = freshHome();
  writeFileSync(join(dir, 'queue.lock'), String(process.ppid));
  const lock = queueLock(dir);
  expect(lock.claim()).toBe(false);
  expect(lock.ownerPid).toBe(process.ppid);
  writeFileSync(join(dir, 'queue.lock'), '999999999');
  expect(lock.claim()).toBe(true);
  expect(lock.ownerPid).toBeNull();
  lock.release();
});
