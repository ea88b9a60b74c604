import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExperimentDetail } from '@shared/api/methods/experiments';
import type { EvaluationRecord, RunRecord } from '@shared/domain/records';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { avlabJson, avlabText } from '../helpers/cli';
import { tempHome } from '../helpers/temp-home';

// The whole CLI journey on the built-in demo dataset with the micro preset: import → experiment
// (backbone, PL and FT on a case) → eval → export, checking the exported table against the database.
const home = tempHome('avlab-cli-');
let datasetId: string;
let detail: ExperimentDetail;

const spec = {
  name: 'cli e2e',
  datasetId: 'demo',
  cases: ['noisy_audio'],
  methods: ['pl', 'ft'],
  corruption: { audioNoises: ['gaussian', 'time_mask'], visualNoises: ['blur'], severity: 0.8 },
  model: { preset: 'micro' },
  backbone: { epochs: 2, batchSize: 32, lr: 0.003, warmupEpochs: 0 },
  training: {
    pl: { epochs: 1, batchSize: 32, lr: 0.01 },
    ft: { epochs: 1, batchSize: 32, lr: 0.0003, warmupEpochs: 0 },
  },
  seeds: [0],
  evaluation: { cases: ['complete', 'noisy_audio'], promptings: ['situation', 'concat'] },
};

beforeAll(() => {
  datasetId = avlabJson<{ datasetId: string }>(home.dir, ['dataset', 'import', 'demo']).datasetId;
  const specFile = join(home.dir, 'spec.json');
  writeFileSync(specFile, JSON.stringify(spec));
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

const runOf = (method: string) =>
  detail.runs.find((r) => r.method === method && r.role === 'adapt')!;
const evaluationOf = (runId: number, c: string, prompting: string) =>
  detail.evaluations.find((e) => e.runId === runId && e.case === c && e.prompting === prompting);

describe('avlab CLI on the demo dataset', () => {
  it('trains the backbone, then PL and FT from it, all to the end', () => {
    expect(detail.experiment.datasetId).toBe(datasetId);
    expect(detail.runs.map((r) => [r.role, r.method, r.case, r.status])).toEqual([
      ['backbone', 'ft', 'complete', 'done'],
      ['adapt', 'pl', 'noisy_audio', 'done'],
      ['adapt', 'ft', 'noisy_audio', 'done'],
    ]);
    expect(runOf('pl').parentRunId).toBe(detail.runs[0]!.id);
  });

  it('stores situation-specific and concat-based evaluations, and efficiency per run', () => {
    const pl = runOf('pl');
    expect(evaluationOf(pl.id, 'noisy_audio', 'situation')).toBeDefined();
    expect(evaluationOf(pl.id, 'noisy_audio', 'concat')).toBeDefined();
    expect(evaluationOf(detail.runs[0]!.id, 'noisy_audio', 'situation')).toBeDefined();
    const plEfficiency = detail.efficiency.find((e) => e.runId === pl.id)!;
    const ftEfficiency = detail.efficiency.find((e) => e.runId === detail.runs[0]!.id)!;
    expect(plEfficiency.trainableParams).toBeLessThan(ftEfficiency.trainableParams / 10);
    expect(plEfficiency.totalParams).toBeGreaterThan(ftEfficiency.totalParams);
    expect(plEfficiency.backend).toBe('wasm');
  });

  it('`eval` recomputes a stored evaluation exactly (seeded corruption)', () => {
    const pl = runOf('pl');
    const again = avlabJson<EvaluationRecord>(home.dir, [
      'eval',
      '--run',
      String(pl.id),
      '--case',
      'noisy_audio',
      '--prompting',
      'concat',
    ]);
    expect(again.accuracy).toBe(evaluationOf(pl.id, 'noisy_audio', 'concat')!.accuracy);
    expect(again.confusion).toEqual(evaluationOf(pl.id, 'noisy_audio', 'concat')!.confusion);
  });

  it('`export --format csv` gives the stored accuracies', () => {
    const csv = avlabText(home.dir, [
      'export',
      '--experiment',
      String(detail.experiment.id),
      '--format',
      'csv',
      '--digits',
      '6',
    ]);
    const [header, ...rows] = csv
      .trim()
      .split('\n')
      .map((l) => l.split(','));
    const column = (name: string) => header!.indexOf(name);
    const row = rows.find((r) => r[0] === 'noisy_audio')!;
    const backbone = detail.runs[0]!;
    expect(Number(row[column('ft_backbone_mean')])).toBeCloseTo(
      evaluationOf(backbone.id, 'noisy_audio', 'situation')!.accuracy,
      6,
    );
    expect(Number(row[column('pl_mean')])).toBeCloseTo(
      evaluationOf(runOf('pl').id, 'noisy_audio', 'situation')!.accuracy,
      6,
    );
    expect(Number(row[column('ft_mean')])).toBeCloseTo(
      evaluationOf(runOf('ft').id, 'noisy_audio', 'situation')!.accuracy,
      6,
    );
    expect(Number(row[column('pl_concat_mean')])).toBeCloseTo(
      evaluationOf(runOf('pl').id, 'noisy_audio', 'concat')!.accuracy,
      6,
    );
  });

  it('`export --format latex --out` writes a booktabs table', () => {
    const out = join(home.dir, 'table.tex');
    avlabJson(home.dir, [
      'export',
      '--experiment',
      String(detail.experiment.id),
      '--format',
      'latex',
      '--out',
      out,
    ]);
    const tex = readFileSync(out, 'utf8');
    expect(tex).toMatch(/\\toprule[\s\S]*Noisy audio &[\s\S]*\\bottomrule/);
  });

  it('`export --table efficiency` gives the stored parameter counts and times', () => {
    const rows = JSON.parse(
      avlabText(home.dir, [
        'export',
        '--experiment',
        String(detail.experiment.id),
        '--table',
        'efficiency',
        '--format',
        'json',
      ]),
    ) as { key: string; trainableParams: number; secondsPerEpoch: number }[];
    const pl = detail.efficiency.find((e) => e.runId === runOf('pl').id)!;
    expect(rows.find((r) => r.key === 'pl')).toMatchObject({
      trainableParams: pl.trainableParams,
      secondsPerEpoch: pl.secondsPerEpoch,
    });
    expect(rows[0]!.key).toBe('ft_backbone');
  });

  it('rejects a malformed spec naming the field', () => {
    const bad = join(home.dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...spec, seeds: [], methods: ['magic'] }));
    expect(() => avlabJson(home.dir, ['experiment', 'run', bad])).toThrow(
      /seeds[\s\S]*methods|methods[\s\S]*seeds/,
    );
  });
});
