import type { ApiError } from '@shared/api/envelope';
import type { RunTask } from './protocol';
import type { TaskRequest } from './task-requests';

interface PendingTask {
  task: RunTask;
  /** What the worker answered before it reported the task done (an attention average). */
  answer?: unknown;
  resolve(answer: unknown): void;
  reject(error: Error): void;
}

/**
 * The evaluation and attention tasks of the queue: waiting ones in arrival order, and the ones a
 * worker runs, each with the promise its caller awaits.
 */
export class TaskBook {
  private readonly waiting: PendingTask[] = [];
  private readonly running = new Map<number, PendingTask>();
  private nextTaskId = 1;

  /**
   * Queues a task; the promise settles when a worker reports it done (with the answer it gave,
   * if any) or failed.
   */
  add(request: TaskRequest, fill: Pick<RunTask, 'dataDir' | 'backendOverride'>): Promise<unknown> {
    const task: RunTask = { ...request, ...fill, taskId: this.nextTaskId++ };
    return new Promise<unknown>((resolve, reject) => this.waiting.push({ task, resolve, reject }));
  }

  /** Keeps a running task's answer until it is reported done. */
  answer(taskId: number, answer: unknown): void {
    const pending = this.running.get(taskId);
    if (pending) pending.answer = answer;
  }

  /** Tasks waiting or running. */
  get count(): number {
    return this.waiting.length + this.running.size;
  }

  get hasWaiting(): boolean {
    return this.waiting.length > 0;
  }

  /** The oldest waiting task, now counted as running. */
  start(): RunTask {
    const pending = this.waiting.shift();
    if (!pending) throw new Error('TaskBook.start: no task is waiting');
    this.running.set(pending.task.taskId, pending);
    return pending.task;
  }

  settle(taskId: number, error: ApiError | null): void {
    const pending = this.running.get(taskId);
    if (!pending) return;
    this.running.delete(taskId);
    if (error) pending.reject(error);
    else pending.resolve(pending.answer);
  }

  /** Rejects every waiting and running task (the queue is closing). */
  rejectAll(error: ApiError): void {
    for (const pending of [...this.waiting.splice(0), ...this.running.values()])
      pending.reject(error);
    this.running.clear();
  }
}
