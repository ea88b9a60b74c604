import type { ApiRuntime } from '../api/runtime';
import { conflict } from '../errors';
import { describeActivity, holderName } from '../jobs/queue-activity';

/**
 * Before a command queues runs and waits to train them: when another process holds the data
 * directory's queue, this one could only wait, so it is refused up front with who holds it,
 * whether that process is busy (with what) or idle, and the way out: `--detach` queues the runs
 * for the holder (a started queue looks for runs others queued) without waiting here.
 */
export function mustTrainHere(runtime: ApiRuntime, command: string): void {
  const other = runtime.ctx.queue.otherHolder();
  if (!other) return;
  const { activity } = other;
  const busy = activity !== null && (activity.runs.length > 0 || activity.tasks > 0);
  const detach =
    activity === null
      ? `\`${command} --detach\` queues it for that process, or the next one that trains`
      : !activity.trainsQueued
        ? `\`${command} --detach\` queues it for the next process that trains (that one trains no queued runs: the app, avlab serve or a waiting train/experiment command do)`
        : `\`${command} --detach\` queues it for that process to train ${busy ? 'after its current work' : 'now'} (follow it there, or with avlab runs list)`;
  throw conflict(
    `another AV Prompt Lab process (${holderName(other.pid, activity)}) holds the queue of ${runtime.ctx.layout.root} and ${describeActivity(activity)}. ${detach}; or stop that process first.`,
  );
}
