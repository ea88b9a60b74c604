import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { scriptedQueue } from '../../tests/support/jobs/scripted-queue';
import { createStore } from '../store';
import { openDatabase } from '../store/connection';
import { sampleRunConfig } from '../store/testing';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const waitFor = async (check: () => boolean, ms = 30_000) => {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

it('fails the run naming the database file when the disk is full, and keeps the process serving', async () => {
  const { home, layout, store, queue, seen } = scriptedQueue({
    store: (at) => createStore(openDatabase(at.database)),
  });
  const { db } = store;
  cleanups.push(async () => {
    await queue.close();
    db.close();
    home.remove();
  });
  const run = store.runs.create({
    experimentId: null,
    parentRunId: null,
    datasetId: 'demo',
    role: 'single',
    config: sampleRunConfig({ epochs: 200 }),
  });
  // The database may not grow past its present size: the first step rows that need a new page
  // fail with SQLITE_FULL, as on a full disk.
  db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true })}`);
  queue.start();

  await waitFor(() =>
    seen.some((e) => e.type === 'run.status' && e.runId === run.id && e.status === 'failed'),
  );
  const failed = seen.find((e) => e.type === 'run.status' && e.status === 'failed');
  expect(failed).toMatchObject({ error: expect.stringContaining(layout.database) });
  expect(failed).toMatchObject({ error: expect.stringMatching(/full/) });
  expect(store.runs.get(run.id)).toMatchObject({ status: 'failed' });
  expect(store.runs.get(run.id)!.epochsDone).toBeLessThan(200);
  expect(seen).toContainEqual(
    expect.objectContaining({
      type: 'log',
      level: 'error',
      message: expect.stringContaining(join(home.dir, 'avlab.sqlite')),
    }),
  );

  // The queue is still alive: with room again, the next run trains to the end.
  db.pragma('max_page_count = 1073741823');
  const next = store.runs.create({
    experimentId: null,
    parentRunId: null,
    datasetId: 'demo',
    role: 'single',
    config: sampleRunConfig({ epochs: 1 }),
  });
  queue.pump();
  await queue.whenIdle();
  expect(store.runs.get(next.id)).toMatchObject({ status: 'done', epochsDone: 1 });
});
