import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { tempHome } from '../../tests/helpers/temp-home';
import { acquireQueueLock } from './queue-lock';

it('lets one process own the queue, and takes over a lock left by a dead one', () => {
  const home = tempHome();
  const first = acquireQueueLock(home.dir);
  expect(first.owned).toBe(true);
  // Another live process (our parent) holding the lock keeps it.
  writeFileSync(join(home.dir, 'queue.lock'), String(process.ppid));
  expect(acquireQueueLock(home.dir)).toMatchObject({ owned: false, ownerPid: process.ppid });
  // A pid that no longer runs is stale.
  writeFileSync(join(home.dir, 'queue.lock'), '999999999');
  const taken = acquireQueueLock(home.dir);
  expect(taken.owned).toBe(true);
  taken.release();
  home.remove();
});
