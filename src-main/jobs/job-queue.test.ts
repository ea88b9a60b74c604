import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { scriptedQueue } from '../../tests/support/jobs/scripted-queue';
import { sampleRunConfig } from '../store/testing';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function setup(concurrency = 1) {
  const { home, store, events, queue, seen, close } = scriptedQueue({ concurrency });
  cleanups.push(close);
  const addRun = (datasetId = 'demo', epochs = 3, parentRunId: number | null = null) =>
    store.runs.create({
      experimentId: null,
      parentRunId,
      datasetId,
      role: parentRunId ? 'adapt' : 'single',
      config: sampleRunConfig({ epochs }),
    });
  const statuses = (runId: number) =>
    seen.flatMap((e) => (e.type === 'run.status' && e.runId === runId ? [e.status] : []));
  return { store, queue, seen, events, addRun, statuses, home };
}

const waitFor = async (check: () => boolean, ms = 20_000) => {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('JobQueue', () => {
  it('runs queued runs one at a time in creation order and stores every epoch', async () => {
    const { store, queue, seen, addRun, home } = setup(1);
    const runs = [addRun(), addRun(), addRun()];
    queue.start();
    await queue.whenIdle();
    const starts = seen.flatMap((e) =>
      e.type === 'run.status' && e.status === 'running' ? [e.runId] : [],
    );
    expect(starts).toEqual(runs.map((r) => r.id));
    for (const run of runs) {
      expect(store.runs.get(run.id)).toMatchObject({
        status: 'done',
        epochsDone: 3,
        backend: 'cpu',
      });
      expect(store.results.epochs(run.id).map((m) => m.epoch)).toEqual([1, 2, 3]);
      // Only the newest checkpoint is kept, on disk and in the database.
      expect(store.results.checkpoints(run.id).map((c) => c.epoch)).toEqual([3]);
      expect(existsSync(join(home.dir, 'checkpoints', `run-${run.id}`, 'epoch-1.txt'))).toBe(false);
      expect(existsSync(store.results.checkpoints(run.id)[0]!.path)).toBe(true);
    }
    // With one slot, no run started before the one before it finished.
    const order = seen.flatMap((e) => (e.type === 'run.status' ? [`${e.runId}:${e.status}`] : []));
    expect(order).toEqual(runs.flatMap((r) => [`${r.id}:running`, `${r.id}:done`]));
  });

  it('starts an adapted run only after its backbone is done, and fails it when the backbone fails', async () => {
    const { store, queue, addRun, statuses } = setup(2);
    const backbone = addRun('demo', 2);
    const child = addRun('demo', 1, backbone.id);
    const badBackbone = addRun('fail', 1);
    const orphan = addRun('demo', 1, badBackbone.id);
    queue.start();
    await queue.whenIdle();
    expect(store.runs.get(child.id)?.status).toBe('done');
    expect(store.runs.get(child.id)!.startedAt! >= store.runs.get(backbone.id)!.finishedAt!).toBe(
      true,
    );
    expect(store.runs.get(orphan.id)).toMatchObject({
      status: 'failed',
      error: `its backbone run ${badBackbone.id} ended failed`,
    });
    expect(statuses(orphan.id)).toEqual(['failed']);
  });

  it('starts a backbone queued after adapted runs before them, so its own runs are not last', async () => {
    const { queue, addRun, seen } = setup(1);
    const first = addRun('demo', 1);
    const adapted = [addRun('demo', 1, first.id), addRun('demo', 1, first.id)];
    const second = addRun('demo', 1);
    queue.start();
    await queue.whenIdle();
    const starts = seen.flatMap((e) =>
      e.type === 'run.status' && e.status === 'running' ? [e.runId] : [],
    );
    expect(starts).toEqual([first.id, second.id, ...adapted.map((r) => r.id)]);
  });

  it('cancels a running run between steps', async () => {
    const { store, queue, seen, addRun } = setup(1);
    const run = addRun('demo', 50);
    queue.start();
    await waitFor(() => seen.some((e) => e.type === 'run.epoch' && e.runId === run.id));
    expect(queue.cancel(run.id)).toBe(true);
    await queue.whenIdle();
    const stored = store.runs.get(run.id)!;
    expect(stored.status).toBe('cancelled');
    expect(stored.epochsDone).toBeGreaterThanOrEqual(1);
    expect(stored.epochsDone).toBeLessThan(50);
  });

  it('cancels a queued run without starting it', async () => {
    const { store, queue, addRun, statuses } = setup(1);
    const run = addRun();
    expect(queue.cancel(run.id)).toBe(true);
    queue.start();
    await queue.whenIdle();
    expect(store.runs.get(run.id)?.status).toBe('cancelled');
    expect(statuses(run.id)).toEqual(['cancelled']);
  });

  it('pauses at an epoch end and resumes from that checkpoint to the same end', async () => {
    const { store, queue, seen, addRun } = setup(1);
    const run = addRun('demo', 4);
    queue.start();
    await waitFor(() => seen.some((e) => e.type === 'run.progress' && e.runId === run.id));
    queue.pause(run.id);
    await waitFor(() => store.runs.get(run.id)?.status === 'paused');
    const pausedAt = store.runs.get(run.id)!.epochsDone;
    expect(pausedAt).toBeGreaterThanOrEqual(1);
    expect(pausedAt).toBeLessThan(4);
    expect(queue.resume(run.id)).toBe(true);
    await queue.whenIdle();
    expect(store.runs.get(run.id)).toMatchObject({ status: 'done', epochsDone: 4 });
    expect(store.results.epochs(run.id).map((m) => m.epoch)).toEqual([1, 2, 3, 4]);
    // The resumed attempt started after the paused epoch, not from scratch.
    const progressEpochs = seen.flatMap((e) =>
      e.type === 'run.progress' && e.runId === run.id ? [e.progress.epoch] : [],
    );
    expect(progressEpochs.filter((epoch) => epoch === 1)).toHaveLength(4);
  });

  it('marks the run interrupted when its worker dies, keeps its epochs, and serves the next run on a fresh worker', async () => {
    const { store, queue, addRun } = setup(1);
    const doomed = addRun('crash', 3);
    const next = addRun('demo', 1);
    queue.start();
    await waitFor(() => store.runs.get(next.id)?.status === 'done');
    expect(store.runs.get(doomed.id)).toMatchObject({ status: 'interrupted', epochsDone: 1 });
    expect(store.runs.get(doomed.id)?.error).toMatch(/exited with code 3/);
  });

  it('at start-up marks runs left running as interrupted', () => {
    const { store, queue, addRun } = setup(1);
    const run = addRun();
    store.runs.markStarted(run.id, { name: 'wasm', skipped: [] });
    queue.start();
    expect(store.runs.get(run.id)?.status).toBe('interrupted');
  });

  it('fans events out to every subscriber', async () => {
    const { queue, events, addRun } = setup(1);
    const a: string[] = [];
    const b: string[] = [];
    events.subscribe((e) => a.push(e.type));
    events.subscribe((e) => b.push(e.type));
    addRun('demo', 1);
    queue.start();
    await queue.whenIdle();
    expect(a).toEqual(b);
    expect(new Set(a)).toEqual(
      new Set(['run.status', 'backend.loaded', 'run.progress', 'run.epoch']),
    );
  });
});
