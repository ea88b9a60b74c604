import { conflict } from '../errors';
import {
  describeActivity,
  holderName,
  type QueueActivity,
  readQueueActivity,
} from './queue-activity';
import type { QueueLock } from './queue-lock';

/** How often a queue that another process owns checks whether it has stopped. */
const RETRY_MS = 2000;

/**
 * Whether this process schedules the data directory's work, asked of the lock each time until it
 * does: a process that started while another trained takes over once that one stops. Taking over
 * runs `onTakeOver` once (runs cut off marked interrupted, leftovers removed).
 */
export class QueueOwnership {
  private owner = false;
  private closed = false;
  private retry: NodeJS.Timeout | null = null;

  constructor(
    private readonly lock: QueueLock,
    private readonly dataDir: string,
    private readonly onTakeOver: () => void,
  ) {}

  /** Whether this process has taken the queue over (nothing is claimed by asking). */
  get isOwner(): boolean {
    return this.owner;
  }

  /** True when this process owns the queue, claiming it if it is free or its owner is gone. */
  owns(): boolean {
    if (this.owner) return true;
    if (this.closed || !this.lock.claim()) return false;
    this.owner = true;
    this.onTakeOver();
    return true;
  }

  /**
   * Throws a conflict naming the process that holds this data directory's queue, when not this
   * one, and whether it is busy (with what) or idle, as it recorded.
   */
  mustOwn(): void {
    const other = this.otherHolder();
    if (!other) return;
    throw conflict(
      `another AV Prompt Lab process (${holderName(other.pid, other.activity)}) holds the queue of ${this.dataDir} and ${describeActivity(other.activity)}: use it, or stop it first`,
    );
  }

  /** Null when this process owns the queue (claiming it if free); otherwise who holds it and how busy. */
  otherHolder(): { pid: number | null; activity: QueueActivity | null } | null {
    if (this.owns()) return null;
    const pid = this.lock.ownerPid;
    return { pid, activity: readQueueActivity(this.dataDir, pid) };
  }

  /** Whether any live process (this one included) schedules work, without claiming anything. */
  anyoneTrains(): boolean {
    return this.owner || this.lock.holder() !== null;
  }

  /** Calls `then` once this process owns the queue: now, or when the owner has stopped. */
  whenOwned(then: () => void): void {
    if (this.owns()) {
      then();
      return;
    }
    if (this.retry) return;
    this.retry = setInterval(() => {
      if (!this.owns()) return;
      this.stopRetrying();
      then();
    }, RETRY_MS);
    this.retry.unref();
  }

  close(): void {
    this.closed = true;
    this.stopRetrying();
  }

  private stopRetrying(): void {
    if (this.retry) clearInterval(this.retry);
    this.retry = null;
  }
}
