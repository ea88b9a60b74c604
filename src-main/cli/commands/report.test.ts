import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Case } from '@shared/domain/cases';
import { ScenarioSchema } from '@shared/domain/scenario';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataLayout } from '../../home';
import { createStore } from '../../store';
import { openDatabase } from '../../store/connection';
import { sampleRunConfig } from '../../store/testing';
import { buildProgram } from '../program';

// Accuracy as k / 40 test samples, so the stored values are exact in the file's 3 decimals.
const BACKBONE: Record<Case, number[]> = {
  complete: [36, 38, 37],
  noisy_audio: [20, 24, 22],
  noisy_visual: [30, 31, 29],
  noisy_both: [18, 19, 20],
  missing_audio: [5, 6, 4],
  missing_visual: [25, 27, 26],
};
const PL_NOISY_AUDIO = [28, 29, 27];

let home: string;
let stored: { experimentId: number };

/** Two classes; a confusion matrix with `correct` of 40 on the diagonal. */
const confusion = (correct: number) => [
  [Math.ceil(correct / 2), 20 - Math.ceil(correct / 2)],
  [20 - Math.floor(correct / 2), Math.floor(correct / 2)],
];

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'avlab-report-'));
  const store = createStore(openDatabase(dataLayout(home).database));
  const experiment = store.experiments.create(
    ScenarioSchema.parse({
      name: 'report test',
      datasetId: 'demo',
      cases: ['noisy_audio'],
      methods: ['pl'],
      backbone: { epochs: 1, batchSize: 16, lr: 1e-3 },
      training: { pl: { epochs: 1, batchSize: 16, lr: 1e-3 } },
      seeds: [0, 1, 2],
    }),
  );
  for (const seed of [0, 1, 2]) {
    const backbone = store.runs.create({
      experimentId: experiment.id,
      parentRunId: null,
      datasetId: 'demo',
      role: 'backbone',
      config: sampleRunConfig({ method: 'ft', case: 'complete', seed }),
    });
    const pl = store.runs.create({
      experimentId: experiment.id,
      parentRunId: backbone.id,
      datasetId: 'demo',
      role: 'adapt',
      config: sampleRunConfig({ method: 'pl', case: 'noisy_audio', seed }),
    });
    const add = (runId: number, c: Case, correct: number) =>
      store.results.addEvaluation(
        runId,
        1,
        {
          case: c,
          prompting: 'situation',
          accuracy: correct / 40,
          macroF1: correct / 40,
          confusion: confusion(correct),
          samples: 40,
        },
        [],
      );
    for (const [c, values] of Object.entries(BACKBONE)) add(backbone.id, c as Case, values[seed]!);
    add(pl.id, 'noisy_audio', PL_NOISY_AUDIO[seed]!);
    store.runs.markFinished(backbone.id, 'done');
    store.runs.markFinished(pl.id, 'done');
  }
  store.db.close();
  stored = { experimentId: experiment.id };
});

afterAll(() => rmSync(home, { recursive: true, force: true }));

async function avlab(args: string[]): Promise<void> {
  await buildProgram('test', true).parseAsync(['node', 'avlab', '--home', home, '--json', ...args]);
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length / 40;

describe('avlab report', () => {
  let text: string;
  const out = () => join(home, 'RESULTS.md');

  beforeAll(async () => {
    writeFileSync(join(home, 'notes.md'), '## Discussion\n\nHand-written *prose*.\n');
    await avlab([
      'report',
      '--experiment',
      String(stored.experimentId),
      '--out',
      out(),
      '--notes',
      join(home, 'notes.md'),
    ]);
    text = readFileSync(out(), 'utf8');
  });

  it('says which command regenerates it', () => {
    expect(text).toContain(
      `\`avlab report --experiment ${stored.experimentId} --out ${out()} --notes ${join(home, 'notes.md')}\``,
    );
  });

  it('writes the stored accuracies, n and the paired test into the results table', () => {
    const row = text.split('\n').find((l) => l.startsWith('| Noisy audio | FT backbone |'))!;
    // Backbone 20, 24, 22 of 40 → 0.550 ± 0.050; PL 28, 29, 27 → 0.700 ± 0.025;
    // d = [0.2, 0.125, 0.125]: scipy ttest_1samp p = 0.026671473215424787 → *
    expect(row).toContain(`${mean(BACKBONE.noisy_audio).toFixed(3)} ± 0.050 (n = 3)`);
    expect(row).toContain(`**${mean(PL_NOISY_AUDIO).toFixed(3)} ± 0.025** (+0.150*, n = 3)`);
  });

  it('writes the modality-reliance report with the stored values and warns of near chance', () => {
    const test = text.split('\n').find((l) => l.startsWith('| test |'))!;
    expect(test).toBe(
      `| test | ${mean(BACKBONE.complete).toFixed(3)} ± 0.025 (n = 3) | ${mean(BACKBONE.missing_visual).toFixed(3)} ± 0.025 (n = 3) | ${mean(BACKBONE.missing_audio).toFixed(3)} ± 0.025 (n = 3) |`,
    );
    // Two classes: chance 0.5, near chance below 0.55; visual only scores 0.125.
    expect(text).toContain('> **Warning:** Visual only (missing audio) on test');
  });

  it('compares with the reference per case', () => {
    expect(text).toMatch(
      /\| Noisy audio \| 0\.69 \| 0\.79 \| \+0\.10 \| FT backbone \| 0\.550 \| 0\.700 \| \+0\.150 \[[^\]]+\] \| 3 \| 0\.0267 \| yes \| yes \|/,
    );
  });

  it('ends with the notes verbatim', () => {
    expect(text.trimEnd().endsWith('## Discussion\n\nHand-written *prose*.')).toBe(true);
  });
});
