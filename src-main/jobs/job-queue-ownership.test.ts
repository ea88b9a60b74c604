import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { tempHome } from '../../tests/helpers/temp-home';
import { dataLayout } from '../home';
import { createSampleRun, memoryStore } from '../store/testing';
import { EventHub } from './event-hub';
import { JobQueue } from './job-queue';
import { queueLock } from './queue-lock';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const leftWaiting = (ms: number) =>
  new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms),
  );

function finishedRun() {
  const store = memoryStore();
  const run = createSampleRun(store.runs, { epochs: 1 });
  store.results.addCheckpoint({ runId: run.id, epoch: 1, path: '/x', sha256: 'x', bytes: 1 });
  store.runs.markFinished(run.id, 'done', null);
  return { store, run: store.runs.get(run.id)! };
}

it('refuses an evaluation with a conflict naming the owner pid, instead of leaving it waiting, while another process owns the queue', async () => {
  const home = tempHome();
  const owner = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  cleanups.push(() => {
    owner.kill('SIGKILL');
    home.remove();
  });
  writeFileSync(join(home.dir, 'queue.lock'), String(owner.pid));
  const { store, run } = finishedRun();
  const queue = new JobQueue({
    store,
    layout: dataLayout(home.dir),
    events: new EventHub(),
    concurrency: () => 1,
    lock: queueLock(home.dir),
  });
  cleanups.push(() => queue.close());
  queue.start();

  const evaluation = Promise.resolve().then(() =>
    queue.evaluate(run, { case: 'noisy_audio', prompting: 'situation', missingRate: 1 }),
  );
  await expect(Promise.race([evaluation, leftWaiting(3000)])).rejects.toMatchObject({
    kind: 'conflict',
    message: expect.stringContaining(`pid ${owner.pid}`),
  });
});

it('refuses an evaluation once the queue is closing, instead of leaving it waiting', async () => {
  const home = tempHome();
  cleanups.push(() => home.remove());
  const { store, run } = finishedRun();
  const queue = new JobQueue({
    store,
    layout: dataLayout(home.dir),
    events: new EventHub(),
    concurrency: () => 1,
  });
  await queue.close();
  const evaluation = Promise.resolve().then(() =>
    queue.evaluate(run, { case: 'noisy_audio', prompting: 'situation', missingRate: 1 }),
  );
  await expect(Promise.race([evaluation, leftWaiting(3000)])).rejects.toMatchObject({
    kind: 'unavailable',
  });
});
