import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { scriptedQueue } from '../../tests/support/jobs/scripted-queue';
import { sampleRunConfig } from '../store/testing';

const DEAD_PID = 999_999_999;
const LIVE_PID = process.ppid;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function setup() {
  const { layout, store, queue, seen, close } = scriptedQueue();
  cleanups.push(close);
  const touch = (...parts: string[]) => {
    const path = join(...parts);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, 'partial');
    return path;
  };
  return { layout, store, queue, seen, touch };
}

it('the process taking the queue over removes checkpoint and feature-cache temporaries whose writer is dead, and only those', () => {
  const { layout, queue, touch } = setup();
  const runDir = join(layout.checkpoints, 'run-1');
  const deadCheckpoint = touch(runDir, `epoch-2.safetensors.tmp-${DEAD_PID}`);
  const liveCheckpoint = touch(runDir, `epoch-3.safetensors.tmp-${LIVE_PID}`);
  const kept = touch(runDir, 'epoch-1.safetensors');
  const deadCache = join(layout.features, 'demo-1', `.tmp-abc123-${DEAD_PID}-deadbeef`);
  touch(deadCache, 'audio.raw');
  const liveCache = join(layout.features, 'demo-1', `.tmp-abc123-${LIVE_PID}-cafebabe`);
  touch(liveCache, 'audio.raw');
  const cache = join(layout.features, 'demo-1', 'abc123');
  touch(cache, 'meta.json');

  queue.start();

  expect(existsSync(deadCheckpoint)).toBe(false);
  expect(existsSync(deadCache)).toBe(false);
  for (const path of [liveCheckpoint, kept, liveCache, cache]) expect(existsSync(path)).toBe(true);
});

it('removes the temporary checkpoint a run left when it failed (a full disk mid-write)', async () => {
  const { store, queue, seen, touch, layout } = setup();
  const run = store.runs.create({
    experimentId: null,
    parentRunId: null,
    datasetId: 'fail',
    role: 'single',
    config: sampleRunConfig({ epochs: 2 }),
  });
  queue.start();
  const until = Date.now() + 20_000;
  while (!seen.some((e) => e.type === 'run.epoch')) {
    if (Date.now() > until) throw new Error('no epoch');
    await new Promise((r) => setTimeout(r, 5));
  }
  // What an ENOSPC while writing the next checkpoint leaves behind, written by this process.
  const partial = touch(
    layout.checkpoints,
    `run-${run.id}`,
    `epoch-2.safetensors.tmp-${process.pid}`,
  );
  await queue.whenIdle();
  expect(store.runs.get(run.id)?.status).toBe('failed');
  expect(existsSync(partial)).toBe(false);
});
