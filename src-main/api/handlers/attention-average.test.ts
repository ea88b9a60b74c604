import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AveragedAttention } from '@shared/domain/attention-average';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pngBytes, toneWav } from '../../../tests/data/bad-files';
import { tempHome } from '../../../tests/helpers/temp-home';
import { DatasetLibrary } from '../../data/library';
import { sampleRunConfig } from '../../store/testing';
import { dispatch } from '../dispatch';
import { type ApiRuntime, startApiRuntime } from '../runtime';

const home = tempHome('avlab-attention-average-');
const dataDir = join(home.dir, 'home');
let runtime: ApiRuntime;
let demo: { id: string; classes: string[]; testLabels: number[] };
let lopsidedId: string;

beforeAll(async () => {
  const library = new DatasetLibrary(dataDir);
  const demoId = (await library.import('demo', { samplesPerClass: 4 })).datasetId;
  const record = library.get(demoId);
  demo = {
    id: demoId,
    classes: record.classes,
    testLabels: record.samples.filter((s) => s.split === 'test').map((s) => s.label),
  };
  // Class b has train samples only: averaging over its test samples has nothing to average.
  const rows = [0, 1, 2, 3].map((i) => {
    writeFileSync(join(home.dir, `c${i}.wav`), toneWav(300 + 40 * i, 0.05));
    writeFileSync(join(home.dir, `c${i}.png`), pngBytes(4, 30 * i));
    return `c${i}.wav,c${i}.png,${i % 2 ? 'b' : 'a'},${i === 2 ? 'test' : 'train'}`;
  });
  const manifest = join(home.dir, 'lopsided.csv');
  writeFileSync(manifest, `audio,image,label,split\n${rows.join('\n')}\n`);
  lopsidedId = (
    await library.import('manifest', { file: manifest }, undefined, { features: false })
  ).datasetId;
  runtime = startApiRuntime({ home: dataDir, transport: 'cli' });
}, 120_000);

afterAll(async () => {
  await runtime?.close();
  home.remove();
});

const call = (method: string, params: unknown) => dispatch(runtime.handlers, method, params);
const fields = (envelope: Awaited<ReturnType<typeof call>>) =>
  envelope.ok ? [] : (envelope.error.issues ?? []).map((i) => i.field);

/** A run record marked done without training: enough for what is refused before the worker. */
function doneRun(datasetId: string, method: 'ft' | 'pl', trainedCase = 'complete' as const) {
  const { store } = runtime.ctx;
  const run = store.runs.create({
    experimentId: null,
    parentRunId: null,
    datasetId,
    role: 'single',
    config: {
      ...sampleRunConfig(),
      training: { ...sampleRunConfig().training, method, case: trainedCase },
    },
  });
  store.runs.markFinished(run.id, 'done');
  return run;
}

describe('runs.attentionAverage refuses what it cannot average, naming the field', () => {
  it('an unknown run, an unfinished run', async () => {
    expect(await call('runs.attentionAverage', { id: 9999, case: 'complete' })).toMatchObject({
      ok: false,
      error: { kind: 'not_found', message: 'Run 9999 does not exist.' },
    });
    const queued = runtime.ctx.store.runs.create({
      experimentId: null,
      parentRunId: null,
      datasetId: demo.id,
      role: 'single',
      config: sampleRunConfig(),
    });
    expect(await call('runs.attentionAverage', { id: queued.id, case: 'complete' })).toMatchObject({
      ok: false,
      error: {
        kind: 'conflict',
        message: expect.stringContaining('attention needs a finished run'),
      },
    });
  });

  it('sample bounds and unknown fields, by the schema', async () => {
    const run = doneRun(demo.id, 'ft');
    for (const [params, field] of [
      [{ maxSamples: 0 }, 'params.maxSamples'],
      [{ maxSamples: 5000 }, 'params.maxSamples'],
      [{ classIndex: -1 }, 'params.classIndex'],
      [{ sampleIndex: 3 }, 'params.sampleIndex'],
      // CAV-MAE's modality modes run no fusion block: no cross-attention to average.
      [{ prompting: 'modality-mode' }, 'params.prompting'],
    ] as const) {
      const envelope = await call('runs.attentionAverage', {
        id: run.id,
        case: 'complete',
        ...params,
      });
      expect(envelope).toMatchObject({ ok: false, error: { kind: 'invalid_request' } });
      expect(fields(envelope)).toEqual([field]);
    }
  });

  it('a class the dataset does not have, and a class without test samples', async () => {
    const run = doneRun(demo.id, 'ft');
    const unknown = await call('runs.attentionAverage', {
      id: run.id,
      case: 'complete',
      classIndex: 10,
    });
    expect(fields(unknown)).toEqual(['params.classIndex']);
    expect(unknown.ok ? '' : unknown.error.message).toContain(
      'has 10 classes (0–9); there is no class 10',
    );
    const lopsided = doneRun(lopsidedId, 'ft');
    const empty = await call('runs.attentionAverage', {
      id: lopsided.id,
      case: 'complete',
      classIndex: 1,
    });
    expect(fields(empty)).toEqual(['params.classIndex']);
    expect(empty.ok ? '' : empty.error.message).toContain('no test sample of class 1 (b)');
  });

  it('a PL run on a case whose prompts it did not train (situation-specific)', async () => {
    const pl = doneRun(demo.id, 'pl', 'complete');
    const envelope = await call('runs.attentionAverage', { id: pl.id, case: 'noisy_audio' });
    expect(fields(envelope)).toEqual(['params.case']);
  });
});

describe('runs.attentionAverage on a trained run', () => {
  it('averages the test samples of one class in the worker, then answers again from memory', async () => {
    const created = await call('runs.create', {
      datasetId: demo.id,
      training: { ...sampleRunConfig().training, method: 'ft', case: 'complete', epochs: 1 },
      model: { preset: 'micro' },
    });
    if (!created.ok) throw new Error(created.error.message);
    const runId = (created.result as { id: number }).id;
    runtime.ctx.queue.start();
    await runtime.ctx.queue.whenIdle();
    expect(runtime.ctx.store.runs.get(runId)?.status).toBe('done');

    const classIndex = demo.testLabels[0]!;
    const ofClass = demo.testLabels.filter((l) => l === classIndex).length;
    const params = { id: runId, case: 'noisy_visual', classIndex };
    const first = await call('runs.attentionAverage', params);
    if (!first.ok) throw new Error(first.error.message);
    const averaged = first.result as AveragedAttention;
    expect(averaged).toMatchObject({
      runId,
      case: 'noisy_visual',
      prompting: 'situation',
      classIndex,
      samples: ofClass,
      matching: ofClass,
    });
    expect(averaged.maps.map((m) => m.direction)).toEqual(['audio_to_visual', 'visual_to_audio']);
    for (const m of averaged.maps) {
      expect(m.promptKeys).toBe(0);
      const row = m.mean.slice(0, m.keys).reduce((a, b) => a + b, 0);
      expect(row).toBeCloseTo(1, 5);
      expect(m.shares.tokens).toBeCloseTo(1, 5);
    }
    const again = await call('runs.attentionAverage', params);
    expect(again).toEqual(first);

    const capped = await call('runs.attentionAverage', {
      id: runId,
      case: 'complete',
      maxSamples: 2,
    });
    expect(capped).toMatchObject({
      ok: true,
      result: { samples: 2, matching: demo.testLabels.length, classIndex: null },
    });
  }, 180_000);
});
