import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { RunDetail } from '@shared/api/methods/runs';
import type { RunRecord } from '@shared/domain/records';
import { afterAll, describe, expect, it } from 'vitest';
import { createStore } from '../../src-main/store';
import { openDatabase } from '../../src-main/store/connection';
import { createSampleRun } from '../../src-main/store/testing';
import { avlabJson } from '../helpers/cli';
import { tempHome } from '../helpers/temp-home';

// Commands that only read must never change a run: before, every command started the queue
// (training whatever was queued) and cancelled what it had started when it exited.
const home = tempHome('avlab-cli-read-');
afterAll(() => home.remove());

function storeOf(dir: string) {
  const db = openDatabase(join(dir, 'avlab.sqlite'));
  return { store: createStore(db), close: () => db.close() };
}

describe('CLI commands that do not run work', () => {
  it('leave a queued run queued, and a run a killed process left running as it is', () => {
    const seeded = storeOf(home.dir);
    const queued = createSampleRun(seeded.store.runs);
    const cutOff = createSampleRun(seeded.store.runs);
    seeded.store.runs.markStarted(cutOff.id, { name: 'wasm', skipped: [] });
    seeded.close();

    avlabJson<RunRecord[]>(home.dir, ['runs', 'list']);
    avlabJson<RunDetail>(home.dir, ['runs', 'show', String(queued.id)]);
    // Shown as what it is (no process trains it), yet not rewritten by a reader.
    const shown = avlabJson<RunDetail>(home.dir, ['runs', 'show', String(cutOff.id)]);
    expect(shown.run.status).toBe('interrupted');
    avlabJson(home.dir, ['experiment', 'list']);

    const after = storeOf(home.dir);
    expect(after.store.runs.get(queued.id)).toMatchObject({ status: 'queued', epochsDone: 0 });
    expect(after.store.runs.get(cutOff.id)?.status).toBe('running');
    after.close();
    expect(existsSync(join(home.dir, 'queue.lock'))).toBe(false);
  });

  it('`train --detach` with no server leaves its run queued for the next process that trains', () => {
    const detail = avlabJson<RunDetail>(
      home.dir,
      [
        'train',
        '--dataset',
        'demo',
        '--method',
        'ft',
        '--preset',
        'micro',
        '--epochs',
        '1',
        '--detach',
      ],
      120_000,
    );
    expect(detail.run).toMatchObject({ status: 'queued', epochsDone: 0 });
    const after = storeOf(home.dir);
    expect(after.store.runs.get(detail.run.id)).toMatchObject({ status: 'queued', epochsDone: 0 });
    after.close();
    expect(existsSync(join(home.dir, 'queue.lock'))).toBe(false);
  }, 120_000);
});
