import type { RunRecord } from '@shared/domain/records';
import type { WorkerToMain } from './protocol';

/**
 * Where the job queue hands runs when they train on other machines (src-main/distributed
 * implements it over BullMQ). The queue still decides when a run may start (its backbone is
 * done) and stays the one writer of the store: the dispatcher gives reports back through
 * JobQueue.applyRemote.
 */
export interface RunDispatcher {
  /** Queues a run whose backbone is ready; a run already dispatched is not queued twice. */
  dispatch(run: RunRecord): void;
  /** Runs dispatched and not finished: the queue is not idle while there are any. */
  readonly inFlight: number;
  /** Runs still in the distributed queue, which a takeover must not mark interrupted. */
  adoptedRunIds(): number[];
  /** Whether a run is dispatched and not finished (queued in Redis, or on a worker). */
  has(runId: number): boolean;
  /** Cancels a dispatched run; false when this dispatcher does not have it. */
  cancel(runId: number): boolean;
}

/** A remote worker's report of one run, as the local worker's messages with their run id. */
export type RemoteRunMessage = Extract<
  WorkerToMain,
  { type: 'backend' | 'progress' | 'epoch' | 'evaluation' | 'efficiency' | 'finished' | 'failed' }
> & { runId: number };
