import { describe, expect, it } from 'vitest';
import { fieldIssues } from '../api/envelope';
import { methodStage, ScenarioSchema } from './scenario';

const base = {
  name: 'strict',
  datasetId: 'demo',
  cases: ['noisy_audio'],
  methods: ['pl', 'ft'],
  backbone: { epochs: 1, batchSize: 8, lr: 1e-3 },
  seeds: [0],
};

const fields = (spec: unknown) => {
  const parsed = ScenarioSchema.safeParse(spec);
  return parsed.success ? [] : fieldIssues(parsed.error.issues, '').map((i) => i.field);
};

describe('ScenarioSchema', () => {
  it('accepts a spec without per-method stages and names the concat-head policy', () => {
    const s = ScenarioSchema.parse(base);
    expect(s.prompting).toEqual({ concatHead: 'backbone' });
    expect(s.backbone.checkpoint).toBe('best-val');
    expect(methodStage(s, 'pl').stage.lr).toBeGreaterThan(methodStage(s, 'ft').stage.lr);
  });

  it('names an unknown key by its path, at every level', () => {
    expect(fields({ ...base, adaptation: {} })).toEqual(['adaptation']);
    expect(fields({ ...base, training: { pl: { lrr: 1 } } })).toEqual(['training.pl.lrr']);
    expect(fields({ ...base, backbone: { ...base.backbone, lrGrid: [1, 2] } })).toEqual([
      'backbone.lrGrid',
    ]);
    expect(fields({ ...base, model: { preset: 'micro', promptLength: 4 } })).toEqual([
      'model.promptLength',
    ]);
    expect(
      fields({
        ...base,
        corruption: { audioNoises: ['gaussian'], visualNoises: ['blur'], severity: 0.5, rate: 1 },
      }),
    ).toEqual(['corruption.rate']);
    expect(fields({ ...base, evaluation: { cases: ['complete'], prompting: ['concat'] } })).toEqual(
      ['evaluation.prompting'],
    );
    expect(fields({ ...base, prompting: { concatHead: 'mine' } })).toEqual([
      'prompting.concatHead',
    ]);
  });

  it('refuses lr with lrGrid, a repeated grid value, and settings for a method not run', () => {
    expect(fields({ ...base, training: { pl: { lr: 1e-2, lrGrid: [1e-2, 3e-3] } } })).toEqual([
      'training.pl.lrGrid',
    ]);
    expect(fields({ ...base, training: { pl: { lrGrid: [1e-2, 1e-2] } } })).toEqual([
      'training.pl.lrGrid',
    ]);
    expect(fields({ ...base, training: { lora: {} } })).toEqual(['training.lora']);
  });
});
