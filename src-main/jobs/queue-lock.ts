import { randomBytes } from 'node:crypto';
import {
  closeSync,
  linkSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { isProcessAlive, processStartTime } from './process-identity';

export interface QueueLock {
  /**
   * Takes the lock when it is free or its owner is gone; true when this process owns it. Asked
   * again whenever work is requested, so that a process that started while another trained takes
   * over once that one has stopped.
   */
  claim(): boolean;
  readonly owned: boolean;
  /** The pid of the live process that holds the lock (this one included), without taking it. */
  holder(): number | null;
  /** The pid of the live process that owned the lock at the last claim, when not this one. */
  readonly ownerPid: number | null;
  release(): void;
}

/** Who holds the lock: a pid alone is not enough, since pids are reused after a crash. */
interface LockRecord {
  pid: number;
  /** The process's start time (clock ticks since boot, /proc/<pid>/stat); null where unknown. */
  start: string | null;
}

/**
 * One process at a time trains from a data directory: two queues over one database would start
 * the same runs twice, and the second would mark the first's runs interrupted. The lock file
 * records the owner's pid and start time; a lock whose pid is dead, or now names a process
 * started at another time (the pid was reused), is stale and taken over. Where the start time
 * cannot be read (no /proc: macOS, Windows) a live pid is trusted, as before.
 */
export function queueLock(dataDir: string): QueueLock {
  const file = join(dataDir, 'queue.lock');
  let owned = false;
  let ownerPid: number | null = null;
  return {
    get owned() {
      return owned;
    },
    get ownerPid() {
      return ownerPid;
    },
    holder() {
      if (owned) return process.pid;
      const text = readText(file);
      const record = text === null ? null : parseRecord(text);
      return record && isLive(record) ? record.pid : null;
    },
    claim() {
      if (owned) return true;
      const holder = takeOrRead(file);
      owned = holder === null;
      ownerPid = holder?.pid ?? null;
      return owned;
    },
    release() {
      if (owned) rmSync(file, { force: true });
      owned = false;
    },
  };
}

/** The lock of a queue no other process can see (tests, in-memory stores): always owned. */
export function soleQueue(): QueueLock {
  return {
    claim: () => true,
    owned: true,
    holder: () => process.pid,
    ownerPid: null,
    release: () => {},
  };
}

/** A lock, claimed at once. */
export function acquireQueueLock(dataDir: string): QueueLock {
  const lock = queueLock(dataDir);
  lock.claim();
  return lock;
}

/** Null when this process took the lock; otherwise the live holder. */
function takeOrRead(file: string): LockRecord | null {
  const mine: LockRecord = { pid: process.pid, start: processStartTime(process.pid) };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, JSON.stringify(mine));
      closeSync(fd);
      return null;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const text = readText(file);
    if (text === null) continue;
    const holder = parseRecord(text);
    if (holder && isLive(holder)) return holder;
    removeIfUnchanged(file, text);
  }
  throw new Error(`could not take the queue lock ${file}: other processes keep replacing it`);
}

function isLive(holder: LockRecord): boolean {
  if (holder.pid === process.pid || !isProcessAlive(holder.pid)) return false;
  if (holder.start === null) return true;
  const start = processStartTime(holder.pid);
  return start === null || start === holder.start;
}

/** Both the current record and the bare pid older versions wrote. */
function parseRecord(text: string): LockRecord | null {
  const bare = Number(text.trim());
  if (Number.isInteger(bare) && bare > 0) return { pid: bare, start: null };
  try {
    const { pid, start } = JSON.parse(text) as Partial<LockRecord>;
    if (typeof pid === 'number' && Number.isInteger(pid) && pid > 0)
      return { pid, start: typeof start === 'string' ? start : null };
  } catch {
    // Unreadable: a torn write of a process that died while taking the lock.
  }
  return null;
}

/**
 * Removes a stale lock, unless another process replaced it since it was read: the file is moved
 * aside (atomically, so only one remover gets it) and put back if it turns out to be a new one.
 */
function removeIfUnchanged(file: string, staleText: string): void {
  const aside = `${file}.${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    renameSync(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (readText(aside) !== staleText) {
    try {
      linkSync(aside, file);
    } catch {
      // A third process took the lock meanwhile: its lock stands.
    }
  }
  rmSync(aside, { force: true });
}

function readText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
