import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export interface QueueLock {
  /** True when this process owns the queue; false when another live process does. */
  owned: boolean;
  /** The pid of the owner when it is another process. */
  ownerPid: number | null;
  release(): void;
}

/**
 * One process at a time trains from a data directory: two queues over one database would start
 * the same runs twice, and the second would mark the first's runs interrupted. A lock file holds
 * the owner's pid; a lock left by a dead process is taken over.
 */
export function acquireQueueLock(dataDir: string): QueueLock {
  const file = join(dataDir, 'queue.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return { owned: true, ownerPid: null, release: () => rmSync(file, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(readFileSync(file, 'utf8'));
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
        return { owned: false, ownerPid: pid, release: () => {} };
      }
      rmSync(file, { force: true });
    }
  }
  throw new Error(`could not take the queue lock ${file}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
