// The training worker thread: owns TensorFlow.js, runs one job after another for its whole life
// (a native tfjs addon loads once per process), and reports everything as messages.
import { parentPort } from 'node:worker_threads';
import type { MainToWorker, WorkerToMain } from './protocol';
import { runTask } from './worker/run-task';
import { runTrainJob } from './worker/train-job';

if (!parentPort) throw new Error('worker.ts runs as a worker thread');
const port = parentPort;
const post = (message: WorkerToMain) => port.postMessage(message);

let chain = Promise.resolve();

port.on('message', (message: MainToWorker) => {
  if (message.type === 'shutdown') {
    void chain.finally(() => process.exit(0));
    return;
  }
  // One job at a time, in arrival order: the main side sends a new one only when this is free.
  chain = chain.then(async () => {
    if (message.type === 'train') {
      try {
        await runTrainJob(message.job, post);
      } catch (error) {
        post({ type: 'failed', runId: message.job.runId, message: describe(error) });
      }
    } else {
      try {
        await runTask(message.task, post);
      } catch (error) {
        post({ type: 'task-failed', taskId: message.task.taskId, message: describe(error) });
      }
    }
  });
});

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
