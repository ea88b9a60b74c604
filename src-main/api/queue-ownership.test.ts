import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { tempHome } from '../../tests/helpers/temp-home';
import { scriptedWorker } from '../../tests/support/jobs/scripted-queue';
import { createSampleRun } from '../store/testing';
import { dispatch } from './dispatch';
import { startApiRuntime } from './runtime';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** Another process that holds the data directory's queue lock until it is killed. */
function otherOwner(dataDir: string): ChildProcess {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  cleanups.push(() => void child.kill('SIGKILL'));
  writeFileSync(join(dataDir, 'queue.lock'), String(child.pid));
  return child;
}

it('a server started while another process trained takes the queue over once that process has stopped', async () => {
  const home = tempHome();
  const owner = otherOwner(home.dir);
  const runtime = startApiRuntime({
    home: home.dir,
    transport: 'http',
    workerEntry: scriptedWorker,
  });
  cleanups.push(async () => {
    await runtime.close();
    home.remove();
  });
  const run = createSampleRun(runtime.ctx.store.runs);

  const refused = await dispatch(runtime.handlers, 'runs.cancel', { id: run.id });
  expect(refused).toMatchObject({
    ok: false,
    error: { kind: 'conflict', message: expect.stringContaining(`pid ${owner.pid}`) },
  });

  owner.kill('SIGKILL');
  await new Promise((resolve) => owner.once('exit', resolve));
  const accepted = await dispatch(runtime.handlers, 'runs.cancel', { id: run.id });
  expect(accepted).toMatchObject({ ok: true, result: { id: run.id, status: 'cancelled' } });
});

it('a server started while another process trained trains the queued runs once that process has stopped', async () => {
  const home = tempHome();
  const owner = otherOwner(home.dir);
  const runtime = startApiRuntime({
    home: home.dir,
    transport: 'http',
    workerEntry: scriptedWorker,
  });
  cleanups.push(async () => {
    await runtime.close();
    home.remove();
  });
  const run = createSampleRun(runtime.ctx.store.runs, { epochs: 1 });
  owner.kill('SIGKILL');
  const until = Date.now() + 20_000;
  while (runtime.ctx.store.runs.get(run.id)?.status !== 'done') {
    if (Date.now() > until) throw new Error(`run ${run.id} never trained`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
});
