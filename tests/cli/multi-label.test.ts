import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExperimentDetail } from '@shared/api/methods/experiments';
import type { EvaluationRecord, RunRecord } from '@shared/domain/records';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pngBytes, toneWav } from '../data/bad-files';
import { avlabJson, avlabText } from '../helpers/cli';
import { tempHome } from '../helpers/temp-home';

// A multi-label dataset end to end through the CLI and the job queue: a manifest whose rows list
// several classes → import → experiment (backbone, PL with the balanced sampler) at the micro
// preset → mAP stored per evaluation → eval → export and report in mAP.
const home = tempHome('avlab-multi-label-');
let detail: ExperimentDetail;

/** Row i: class i mod 3, odd rows also class (i + 1) mod 3; tone and brightness follow the classes. */
function writeManifest(dir: string, rows: number): string {
  mkdirSync(dir, { recursive: true });
  const names = ['bark', 'engine', 'rain'];
  const lines = ['audio,image,label'];
  for (let i = 0; i < rows; i++) {
    const set = i % 2 ? [i % 3, (i + 1) % 3] : [i % 3];
    const hz = set.reduce((s, c) => s + 300 * (c + 1), 0) + (i % 5) * 7;
    writeFileSync(join(dir, `c${i}.wav`), toneWav(hz, 0.2));
    writeFileSync(join(dir, `c${i}.png`), pngBytes(8, 40 + 60 * set[0]! + (set.length - 1) * 30));
    lines.push(`c${i}.wav,c${i}.png,${set.map((c) => names[c]).join(';')}`);
  }
  const file = join(dir, 'clips.csv');
  writeFileSync(file, lines.join('\n'));
  return file;
}

const spec = {
  name: 'multi-label e2e',
  datasetId: '',
  cases: ['noisy_audio'],
  methods: ['pl'],
  corruption: { audioNoises: ['gaussian'], visualNoises: ['blur'], severity: 0.5 },
  model: { preset: 'micro' },
  backbone: { epochs: 2, batchSize: 16, lr: 0.003, warmupEpochs: 0 },
  training: { pl: { epochs: 1, batchSize: 16, lr: 0.01, sampler: 'balanced' } },
  seeds: [0],
  evaluation: { cases: ['complete', 'noisy_audio'], promptings: ['situation'] },
};

beforeAll(() => {
  const file = writeManifest(join(home.dir, 'clips'), 60);
  const imported = avlabJson<{ datasetId: string }>(home.dir, [
    'dataset',
    'import',
    'manifest',
    file,
    '--audio-frames',
    '16',
    '--mel-bins',
    '16',
    '--image-size',
    '16',
  ]);
  const specFile = join(home.dir, 'spec.json');
  writeFileSync(specFile, JSON.stringify({ ...spec, datasetId: imported.datasetId }));
  const created = avlabJson<{ experiment: { id: number }; runs: RunRecord[] }>(home.dir, [
    'experiment',
    'run',
    specFile,
  ]);
  detail = avlabJson<ExperimentDetail>(home.dir, [
    'experiment',
    'show',
    String(created.experiment.id),
  ]);
}, 300_000);

afterAll(() => home.remove());

const testEvaluation = (runId: number, c: string) =>
  detail.evaluations.find(
    (e) => e.runId === runId && e.case === c && e.split === 'test' && e.prompting === 'situation',
  )!;

describe('a multi-label dataset through the CLI', () => {
  it('imports as multi-label and trains the backbone and PL (balanced sampler) to the end', () => {
    const { datasets } = avlabJson<{ datasets: { task?: string }[] }>(home.dir, [
      'dataset',
      'list',
    ]);
    expect(datasets.map((d) => d.task)).toEqual(['multi-label']);
    expect(detail.runs.map((r) => [r.role, r.method, r.status])).toEqual([
      ['backbone', 'ft', 'done'],
      ['adapt', 'pl', 'done'],
    ]);
    expect(detail.runs[1]!.config.training.sampler).toBe('balanced');
  });

  it('stores mAP, ROC-AUC and per-class AP per evaluation, and no confusion matrix', () => {
    for (const run of detail.runs) {
      const e = testEvaluation(run.id, 'noisy_audio');
      expect(e.confusion).toEqual([]);
      expect(e.multiLabel!.perClassAp).toHaveLength(3);
      expect(e.multiLabel!.map).toBeGreaterThan(0);
      expect(e.multiLabel!.map).toBeLessThanOrEqual(1);
      expect(e.multiLabel!.positives.reduce((a, b) => a + b, 0)).toBeGreaterThan(e.samples);
    }
    const epochs = avlabJson<{ epochs: { valMap?: number }[] }>(home.dir, [
      'runs',
      'show',
      String(detail.runs[0]!.id),
    ]).epochs;
    expect(epochs.map((m) => typeof m.valMap)).toEqual(['number', 'number']);
  });

  it('`eval` recomputes a stored mAP exactly', () => {
    const pl = detail.runs[1]!;
    const again = avlabJson<EvaluationRecord>(home.dir, [
      'eval',
      '--run',
      String(pl.id),
      '--case',
      'noisy_audio',
      '--prompting',
      'situation',
    ]);
    expect(again.multiLabel).toEqual(testEvaluation(pl.id, 'noisy_audio').multiLabel);
  });

  it('exports mAP by default, refuses accuracy, and reports mAP per case', () => {
    const id = String(detail.experiment.id);
    const csv = avlabText(home.dir, [
      'export',
      '--experiment',
      id,
      '--format',
      'csv',
      '--digits',
      '6',
    ]);
    const [header, ...rows] = csv
      .trim()
      .split('\n')
      .map((l) => l.split(','));
    const row = rows.find((r) => r[0] === 'noisy_audio')!;
    expect(Number(row[header!.indexOf('pl_mean')])).toBeCloseTo(
      testEvaluation(detail.runs[1]!.id, 'noisy_audio').multiLabel!.map!,
      6,
    );
    expect(Number(row[header!.indexOf('ft_backbone_mean')])).toBeCloseTo(
      testEvaluation(detail.runs[0]!.id, 'noisy_audio').multiLabel!.map!,
      6,
    );
    expect(avlabText(home.dir, ['export', '--experiment', id])).toMatch(/Values are mAP/);
    const json = JSON.parse(
      avlabText(home.dir, ['export', '--experiment', id, '--format', 'json']),
    );
    expect(json.metric).toBe('map');
    expect(json.confusions).toBeUndefined();
    expect(json.perClassAp[0].ap).toHaveLength(3);
    expect(() =>
      avlabJson(home.dir, ['export', '--experiment', id, '--metric', 'accuracy']),
    ).toThrow(/params.metric|--metric[\s\S]*multi-label/);
    const reliance = avlabText(home.dir, ['export', '--experiment', id, '--table', 'reliance']);
    expect(reliance).toMatch(/^mAP of the FT backbone/m);
    const out = join(home.dir, 'RESULTS.md');
    avlabJson(home.dir, ['report', '--experiment', id, '--out', out]);
    expect(readFileSync(out, 'utf8')).toContain('### mAP per case (test split)');
    expect(avlabText(home.dir, ['export', '--experiment', id, '--metric', 'auc'])).toMatch(
      /macro ROC-AUC/,
    );
  });
});
