import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempHome } from '../../tests/helpers/temp-home';
import { scriptedWorker } from '../../tests/support/jobs/scripted-queue';
import { dataLayout } from '../home';
import { createSampleRun, memoryStore } from '../store/testing';
import { EventHub } from './event-hub';
import { JobQueue } from './job-queue';
import { type QueueActivity, readQueueActivity, writeQueueActivity } from './queue-activity';
import { queueLock } from './queue-lock';
import { QueueOwnership } from './queue-ownership';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function home() {
  const h = tempHome();
  cleanups.push(() => h.remove());
  return h.dir;
}

/** Another live process that holds the data directory's queue lock. */
function otherOwner(dataDir: string): ChildProcess {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  cleanups.push(() => void child.kill('SIGKILL'));
  writeFileSync(join(dataDir, 'queue.lock'), String(child.pid));
  return child;
}

const activityOf = (pid: number, over: Partial<QueueActivity> = {}): QueueActivity => ({
  pid,
  holder: 'avlab serve (web mode)',
  trainsQueued: true,
  runs: [],
  tasks: 0,
  since: new Date().toISOString(),
  ...over,
});

async function until(what: string, ok: () => boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`never: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('the queue holder records what it does beside the lock', () => {
  it('busy with its run while it trains, idle after, and nothing once closed', async () => {
    const dir = home();
    const store = memoryStore();
    const queue = new JobQueue({
      store,
      layout: dataLayout(dir),
      events: new EventHub(),
      concurrency: () => 1,
      workerEntry: scriptedWorker,
      lock: queueLock(dir),
      holder: 'avlab train',
    });
    cleanups.unshift(() => queue.close());
    const run = createSampleRun(store.runs, { epochs: 40 });
    queue.start();
    await until('the run trains', () => store.runs.get(run.id)?.status === 'running');
    expect(readQueueActivity(dir, process.pid)).toMatchObject({
      pid: process.pid,
      holder: 'avlab train',
      trainsQueued: true,
      runs: [{ id: run.id, label: 'pl/noisy_audio' }],
      tasks: 0,
    });
    await queue.whenIdle();
    expect(readQueueActivity(dir, process.pid)).toMatchObject({ runs: [], tasks: 0 });
    await queue.close();
    expect(readQueueActivity(dir, process.pid)).toBeNull();
    expect(existsSync(join(dir, 'queue.activity.json'))).toBe(false);
  });

  it('a record of another pid, or a damaged one, is no record', () => {
    const dir = home();
    writeQueueActivity(dir, activityOf(12345));
    expect(readQueueActivity(dir, 12345)).toMatchObject({ holder: 'avlab serve (web mode)' });
    expect(readQueueActivity(dir, 999)).toBeNull();
    writeFileSync(join(dir, 'queue.activity.json'), '{"pid": 12345, "holder"');
    expect(readQueueActivity(dir, 12345)).toBeNull();
  });
});

describe('a process refused the queue says whether its holder is busy or idle', () => {
  const refusal = (dir: string) => {
    const ownership = new QueueOwnership(queueLock(dir), dir, () => {});
    cleanups.push(() => ownership.close());
    try {
      ownership.mustOwn();
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('the queue was not refused');
  };

  it('idle, busy with what, or unknown for a holder that recorded nothing', () => {
    const dir = home();
    const owner = otherOwner(dir);
    expect(refusal(dir)).toBe(
      `another AV Prompt Lab process (pid ${owner.pid}) holds the queue of ${dir} and has not said whether it is busy (it is starting, or an older version): use it, or stop it first`,
    );
    writeQueueActivity(dir, activityOf(owner.pid!));
    expect(refusal(dir)).toBe(
      `another AV Prompt Lab process (pid ${owner.pid}, avlab serve (web mode)) holds the queue of ${dir} and is idle: use it, or stop it first`,
    );
    writeQueueActivity(
      dir,
      activityOf(owner.pid!, { runs: [{ id: 7, label: 'pl/noisy_audio' }], tasks: 1 }),
    );
    expect(refusal(dir)).toContain(
      'is busy: training run 7 (pl/noisy_audio) and 1 evaluation/attention task: use it',
    );
  });
});
