import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pngBytes, toneWav } from '../../../tests/data/bad-files';
import { tempHome } from '../../../tests/helpers/temp-home';
import { DatasetLibrary } from '../../data/library';
import { sampleRunConfig } from '../../store/testing';
import { dispatch } from '../dispatch';
import { type ApiRuntime, startApiRuntime } from '../runtime';

const home = tempHome('avlab-user-errors-');
const files = join(home.dir, 'files');
let runtime: ApiRuntime;
let demoId: string;
let trainOnlyId: string;

const training = {
  ...sampleRunConfig().training,
  method: 'ft' as const,
  case: 'complete' as const,
};

function manifest(name: string, text: string): string {
  const file = join(files, name);
  writeFileSync(file, text);
  return file;
}

beforeAll(async () => {
  mkdirSync(files, { recursive: true });
  for (let i = 0; i < 6; i++) {
    writeFileSync(join(files, `c${i}.wav`), toneWav(300 + 40 * i, 0.05));
    writeFileSync(join(files, `c${i}.png`), pngBytes(4, 30 * i));
  }
  const library = new DatasetLibrary(join(home.dir, 'home'));
  demoId = (await library.import('demo', { samplesPerClass: 3 }, undefined, { features: false }))
    .datasetId;
  const rows = [0, 1, 2, 3].map((i) => `c${i}.wav,c${i}.png,${i % 2 ? 'a' : 'b'},train`);
  const trainOnly = manifest('train-only.csv', `audio,image,label,split\n${rows.join('\n')}\n`);
  trainOnlyId = (
    await library.import('manifest', { file: trainOnly }, undefined, { features: false })
  ).datasetId;
  runtime = startApiRuntime({ home: join(home.dir, 'home'), transport: 'cli' });
}, 60_000);

afterAll(async () => {
  await runtime?.close();
  home.remove();
});

const call = (method: string, params: unknown) => dispatch(runtime.handlers, method, params);
const fields = (envelope: Awaited<ReturnType<typeof call>>) =>
  envelope.ok ? [] : (envelope.error.issues ?? []).map((i) => i.field);

describe('import paths that cannot be read are request errors naming the option', () => {
  it('missing, a directory, relative, a FIFO and an unreadable folder', async () => {
    const fifo = join(files, 'pipe.csv');
    execFileSync('mkfifo', [fifo]);
    const cases: [string, unknown, RegExp][] = [
      ['manifest', { file: join(files, 'nope.csv') }, /does not exist/],
      ['manifest', { file: files }, /is a directory, not a file/],
      ['manifest', { file: 'relative.csv' }, /not an absolute path/],
      ['manifest', { file: fifo }, /is not a regular file/],
      ['folders', { root: join(files, 'c0.wav') }, /is not a directory/],
    ];
    for (const [kind, options, message] of cases) {
      const envelope = await call('datasets.import', { kind, options });
      expect(envelope).toMatchObject({ ok: false, error: { kind: 'invalid_request' } });
      const field = kind === 'manifest' ? 'params.options.file' : 'params.options.root';
      expect(fields(envelope)).toEqual([field]);
      expect(envelope.ok ? '' : envelope.error.message).toMatch(message);
    }
  });

  it('an empty manifest, a header without image, and one class come back typed from the data worker', async () => {
    const empty = manifest('empty.csv', '');
    const noImage = manifest('no-image.csv', 'audio,label\nc0.wav,a\n');
    const rows = [0, 1, 2, 3].map((i) => `c${i}.wav,c${i}.png,only`);
    const oneClass = manifest('one-class.csv', `audio,image,label\n${rows.join('\n')}\n`);
    const expectations: [string, string, RegExp][] = [
      [empty, 'params.options.file', /empty manifest/],
      [noImage, 'params.options.file', /header lacks a 'image' column/],
      [oneClass, 'params.options', /only one class \('only'\) among the 4 accepted samples/],
    ];
    for (const [file, field, message] of expectations) {
      const envelope = await call('datasets.import', { kind: 'manifest', options: { file } });
      expect(envelope).toMatchObject({ ok: false, error: { kind: 'invalid_request' } });
      expect(fields(envelope)).toEqual([field]);
      expect(envelope.ok ? '' : envelope.error.message).toMatch(message);
    }
  }, 60_000);
});

describe('runs refer to datasets and samples that exist', () => {
  it('runs.create and experiments.create refuse an unknown dataset id by field', async () => {
    const run = await call('runs.create', { datasetId: 'no-such-set', training });
    expect(run).toMatchObject({ ok: false, error: { kind: 'invalid_request' } });
    expect(fields(run)).toEqual(['params.datasetId']);
    const experiment = await call('experiments.create', {
      scenario: {
        name: 'x',
        datasetId: 'no-such-set',
        cases: ['complete'],
        methods: ['ft'],
        backbone: { epochs: 1, batchSize: 8, lr: 1e-3 },
        seeds: [0],
      },
    });
    expect(experiment).toMatchObject({ ok: false, error: { kind: 'invalid_request' } });
    expect(fields(experiment)).toEqual(['params.scenario.datasetId']);
  });

  it('runs.create refuses a dataset without test samples instead of reporting accuracy 0 on 0', async () => {
    const run = await call('runs.create', { datasetId: trainOnlyId, training });
    expect(run).toMatchObject({ ok: false, error: { kind: 'invalid_request' } });
    expect(run.ok ? '' : run.error.message).toMatch(/has no test samples/);
  });

  it('runs.attention refuses a sample index past the dataset by field', async () => {
    const { store } = runtime.ctx;
    const done = store.runs.create({
      experimentId: null,
      parentRunId: null,
      datasetId: demoId,
      role: 'single',
      config: { ...sampleRunConfig(), training },
    });
    store.runs.markFinished(done.id, 'done');
    const envelope = await call('runs.attention', {
      id: done.id,
      case: 'complete',
      sampleIndex: 10_000,
    });
    expect(envelope).toMatchObject({ ok: false, error: { kind: 'invalid_request' } });
    expect(fields(envelope)).toEqual(['params.sampleIndex']);
  });
});

describe('datasets.remove', () => {
  it('is refused while a run on the dataset is unfinished, naming the run', async () => {
    const { store } = runtime.ctx;
    const paused = store.runs.create({
      experimentId: null,
      parentRunId: null,
      datasetId: trainOnlyId,
      role: 'single',
      config: { ...sampleRunConfig(), training },
    });
    store.runs.setStatus(paused.id, 'paused');
    const refused = await call('datasets.remove', { id: trainOnlyId });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'conflict' } });
    expect(refused.ok ? '' : refused.error.message).toContain(`run ${paused.id} (paused)`);
    store.runs.markFinished(paused.id, 'cancelled');
    expect(await call('datasets.remove', { id: trainOnlyId })).toMatchObject({ ok: true });
  });
});
