import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExperimentDetail } from '@shared/api/methods/experiments';
import type { RunRecord } from '@shared/domain/records';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { avlabJson, avlabText } from '../helpers/cli';
import { tempHome } from '../helpers/temp-home';
import { cavMaeFixture } from '../support/engine/cav-mae-fixture';

// Issue 11's "done when": a PL experiment on the demo dataset from an imported CAV-MAE-layout
// backbone, end to end. The narrow fixture takes 64 × 128 filterbanks and 3 × 64 × 64 images,
// so the demo dataset is imported with those feature settings.
const home = tempHome('avlab-cav-mae-e2e-');
let backboneId: string;
let datasetId: string;
let detail: ExperimentDetail;

const spec = (from: string) => ({
  name: 'cav-mae e2e',
  datasetId,
  cases: ['noisy_audio'],
  methods: ['pl'],
  model: { inputPromptLength: 2, inputPromptMode: 'readonly', attentionPromptLength: 2 },
  backbone: { from, epochs: 1, batchSize: 16, lr: 3e-4, warmupEpochs: 0, recipe: {} },
  training: { pl: { epochs: 1, batchSize: 16, lr: 0.01 } },
  seeds: [0],
  evaluation: { cases: ['complete', 'noisy_audio'], promptings: ['situation', 'concat'] },
});

beforeAll(() => {
  datasetId = avlabJson<{ datasetId: string }>(home.dir, [
    'dataset',
    'import',
    'demo',
    '--audio-frames',
    '64',
    '--samples-per-class',
    '6',
  ]).datasetId;
  backboneId = avlabJson<{ id: string }>(home.dir, [
    'backbone',
    'import',
    cavMaeFixture('cav-mae-ft-narrow.pth'),
    '--heads',
    '4',
  ]).id;
  const specFile = join(home.dir, 'spec.json');
  writeFileSync(specFile, JSON.stringify(spec(backboneId)));
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

describe('an experiment from an imported CAV-MAE backbone', () => {
  it('fine-tunes from the imported encoder, then trains PL prompts on it, to the end', () => {
    expect(detail.runs.map((r) => [r.role, r.method, r.status])).toEqual([
      ['backbone', 'ft', 'done'],
      ['adapt', 'pl', 'done'],
    ]);
    for (const run of detail.runs) {
      expect(run.config.pretrained?.id).toBe(backboneId);
      expect(run.config.pretrained?.config.preset).toBe('cav-mae');
    }
    const [backbone, pl] = detail.runs.map((r) => detail.efficiency.find((e) => e.runId === r.id)!);
    // The demo's 10 classes get a new head, and the backbone one new fusion block (trained by
    // the backbone stage). PL trains one case's prompts of width 64: two input prompts and two
    // attention prompts per modality, in that one fusion block.
    expect(pl!.trainableParams).toBe(2 * 2 * 64 + 2 * 2 * 64);
    expect(backbone!.totalParams).toBeGreaterThan(1_000_000);
    expect(
      detail.evaluations.some((e) => e.runId === detail.runs[1]!.id && e.prompting === 'concat'),
    ).toBe(true);
  });

  it('refuses a dataset whose features do not fit the backbone, naming the field', () => {
    const other = avlabJson<{ datasetId: string }>(home.dir, [
      'dataset',
      'import',
      'demo',
      '--name',
      'demo 128',
      '--samples-per-class',
      '3',
      '--no-features',
    ]).datasetId;
    const specFile = join(home.dir, 'bad-spec.json');
    writeFileSync(specFile, JSON.stringify({ ...spec(backboneId), datasetId: other }));
    expect(() => avlabJson(home.dir, ['experiment', 'run', specFile])).toThrow(
      /backbone\.from.*the backbone takes 64 frames × 128 mel bins/,
    );
  });
});

describe("CAV-MAE's missing-modality modes as a baseline", () => {
  const modesSpec = (fusionBlocks?: number) => ({
    ...spec(backboneId),
    name: 'cav-mae modes',
    cases: ['missing_audio'],
    model: { inputPromptLength: 2, inputPromptMode: 'readonly', fusionBlocks },
    evaluation: {
      cases: ['complete', 'missing_audio', 'missing_visual'],
      promptings: ['situation', 'modality-mode'],
    },
  });

  it('needs a model without fusion blocks, and says so naming the field', () => {
    const specFile = join(home.dir, 'modes-fusion.json');
    writeFileSync(specFile, JSON.stringify(modesSpec()));
    expect(() => avlabJson(home.dir, ['experiment', 'run', specFile])).toThrow(
      /evaluation\.promptings.*1 fusion blocks/,
    );
  });

  it('evaluates the backbone on the missing cases through the modes, in its own results column', () => {
    const specFile = join(home.dir, 'modes.json');
    writeFileSync(specFile, JSON.stringify(modesSpec(0)));
    const created = avlabJson<{ experiment: { id: number } }>(home.dir, [
      'experiment',
      'run',
      specFile,
    ]);
    const id = String(created.experiment.id);
    const modes = avlabJson<ExperimentDetail>(home.dir, ['experiment', 'show', id]);
    const backbone = modes.runs.find((r) => r.role === 'backbone')!;
    expect(backbone.status).toBe('done');
    const viaModes = modes.evaluations.filter((e) => e.prompting === 'modality-mode');
    expect(viaModes.map((e) => [e.runId, e.case, e.missingRate]).sort()).toEqual([
      [backbone.id, 'missing_audio', 1],
      [backbone.id, 'missing_visual', 1],
    ]);
    const table = avlabText(home.dir, ['export', '--experiment', id, '--format', 'md']);
    expect(table).toContain('FT (CAV-MAE modes)');
  });
});
