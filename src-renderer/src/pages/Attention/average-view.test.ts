import type { AveragedAttention, AveragedAttentionMap } from '@shared/domain/attention-average';
import { fakeRun } from '@shared/report/testing';
import { describe, expect, it } from 'vitest';
import { ftPlPair, meanRows, promptShareBars, sharedScaleMax } from './average-view';

const map = (over: Partial<AveragedAttentionMap>): AveragedAttentionMap => ({
  block: 0,
  direction: 'audio_to_visual',
  heads: 1,
  queries: 2,
  keys: 3,
  promptKeys: 1,
  mean: [0.2, 0.3, 0.5, 0.6, 0.1, 0.3],
  promptShareByHead: [0.4],
  shares: { prompts: 0.4, tokens: 0.6 },
  ...over,
});
const result = (maps: AveragedAttentionMap[]): AveragedAttention => ({
  runId: 1,
  case: 'noisy_audio',
  prompting: 'situation',
  classIndex: null,
  samples: 4,
  matching: 4,
  audioGrid: [2, 2],
  visualGrid: [2, 2],
  maps,
  promptShare: { audioToVisual: 0.4, visualToAudio: 0 },
});

describe('FT and PL of one family', () => {
  // Experiment 1, seed 0: backbone 1, PL on noisy audio 2, FT on noisy audio 3, PL on noisy visual 4.
  const backbone = { ...fakeRun(1, 'backbone', 'ft', 'complete', 0), parentRunId: null };
  const plAudio = { ...fakeRun(2, 'adapt', 'pl', 'noisy_audio', 0), parentRunId: 1 };
  const ftAudio = { ...fakeRun(3, 'adapt', 'ft', 'noisy_audio', 0), parentRunId: 1 };
  const plVisual = { ...fakeRun(4, 'adapt', 'pl', 'noisy_visual', 0), parentRunId: 1 };
  const otherSeed = { ...fakeRun(5, 'adapt', 'pl', 'noisy_audio', 1), parentRunId: 9 };
  const done = [backbone, plAudio, ftAudio, plVisual, otherSeed];

  it('pairs a PL run with the FT trained on its case, else with its backbone', () => {
    expect(ftPlPair(plAudio, done, 'noisy_audio', 'situation')).toEqual({
      ft: ftAudio,
      pl: plAudio,
    });
    expect(ftPlPair(plVisual, done, 'noisy_visual', 'situation')).toEqual({
      ft: backbone,
      pl: plVisual,
    });
  });

  it('pairs an FT run with the PL run of the case; under concat with any of the family', () => {
    expect(ftPlPair(backbone, done, 'noisy_visual', 'situation')).toEqual({
      ft: backbone,
      pl: plVisual,
    });
    expect(ftPlPair(backbone, done, 'complete', 'situation')).toEqual({ ft: backbone, pl: null });
    expect(ftPlPair(backbone, done, 'complete', 'concat')?.pl).toBe(plAudio);
  });

  it('has no pair for other methods', () => {
    expect(ftPlPair({ ...plAudio, method: 'lora' }, done, 'noisy_audio', 'situation')).toBeNull();
  });
});

describe('chart data', () => {
  it('rows of the mean map, and one colour scale over both sides', () => {
    expect(meanRows(map({}))).toEqual([
      [0.2, 0.3, 0.5],
      [0.6, 0.1, 0.3],
    ]);
    expect(sharedScaleMax([map({}), map({ mean: [0.1, 0.9] }), undefined])).toBe(0.9);
  });

  it('bars of the prompt share per block and direction, FT beside PL', () => {
    const ft = result([
      map({ promptKeys: 0, shares: { prompts: 0, tokens: 1 } }),
      map({ direction: 'visual_to_audio', promptKeys: 0, shares: { prompts: 0, tokens: 1 } }),
    ]);
    const pl = result([
      map({ direction: 'visual_to_audio', shares: { prompts: 0.25, tokens: 0.75 } }),
      map({}),
    ]);
    expect(
      promptShareBars([
        { name: 'FT', result: ft },
        { name: 'PL', result: pl },
        { name: 'none', result: undefined },
      ]),
    ).toEqual([
      {
        type: 'bar',
        name: 'FT',
        x: ['block 0 audio → visual', 'block 0 visual → audio'],
        y: [0, 0],
      },
      {
        type: 'bar',
        name: 'PL',
        x: ['block 0 audio → visual', 'block 0 visual → audio'],
        y: [0.4, 0.25],
      },
    ]);
  });
});
