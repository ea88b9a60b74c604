import type { CorruptionConfig } from '@shared/domain/corruption';
import { beforeAll, describe, expect, it } from 'vitest';
import { microConfig, syntheticSource } from '../../../tests/support/engine/micro';
import { useTestBackend } from '../../../tests/support/engine/setup';
import { AVModel } from '../model/model';
import { captureAttention } from './attention';
import { evaluate } from './evaluate';
import { accuracy, confusionMatrix, macroF1 } from './metrics';

beforeAll(useTestBackend);

describe('metrics', () => {
  it('confusion, accuracy and macro-F1 on a known example', () => {
    const m = confusionMatrix([0, 0, 1, 1, 2], [0, 1, 1, 1, 0], 3);
    expect(m).toEqual([
      [1, 1, 0],
      [0, 2, 0],
      [1, 0, 0],
    ]);
    expect(accuracy(m)).toBeCloseTo(0.6);
    // F1: class0 = 2·1/(2+2) = 0.5, class1 = 2·2/(2+3) = 0.8, class2 = 0 → mean 0.4333
    expect(macroF1(m)).toBeCloseTo(1.3 / 3);
  });
});

describe('evaluate and captureAttention', () => {
  const source = syntheticSource(
    { audioFrames: 8, melBins: 8, imageSize: 8, imageChannels: 1 },
    3,
    { train: 4, val: 0, test: 10 },
  );
  const corruption: CorruptionConfig = {
    audioNoises: ['gaussian'],
    visualNoises: ['gaussian'],
    severity: 1,
    rate: 1,
  };

  it('evaluates per case with per-sample predictions, deterministically', async () => {
    const model = new AVModel(microConfig(), 3);
    model.setMethod('pl', 'noisy_audio');
    const test = source.indices('test');
    const opts = {
      indices: test,
      case: 'noisy_audio' as const,
      prompting: 'concat' as const,
      trainedCases: ['noisy_audio', 'noisy_visual'] as const,
      corruption,
      seed: 5,
      batchSize: 4,
    };
    const a = await evaluate(model, source, opts);
    const b = await evaluate(model, source, opts);
    expect(a.samples).toBe(10);
    expect(a.predictions.map((p) => p.sampleIndex)).toEqual([...test]);
    expect(a.confusion.flat().reduce((x, y) => x + y, 0)).toBe(10);
    expect(b).toEqual(a);
    const clean = await evaluate(model, source, {
      ...opts,
      case: 'complete',
      prompting: 'situation',
    });
    expect(clean.loss).not.toBe(a.loss);
    // Concat prompts whatever the family trained: without the list it is refused, not guessed.
    await expect(evaluate(model, source, { ...opts, trainedCases: undefined })).rejects.toThrow(
      /cases the family trained/,
    );
    model.dispose();
  });

  it('captures both directions per fusion block, prompt columns first', async () => {
    const c = microConfig();
    const model = new AVModel(c, 3);
    model.setMethod('pl', 'missing_audio');
    const snap = await captureAttention(model, source.batch([4, 5]), 'missing_audio', 'situation');
    expect(snap.sampleIndex).toBe(4);
    expect(snap.maps.map((m) => m.direction)).toEqual(['audio_to_visual', 'visual_to_audio']);
    for (const m of snap.maps) {
      expect(m.weights).toHaveLength(m.heads * m.queries * m.keys);
      expect(m.promptKeys).toBe(c.attentionPromptLength + c.inputPromptLength);
      const row = m.weights.slice(0, m.keys).reduce((x, y) => x + y, 0);
      expect(row).toBeCloseTo(1, 5);
    }
    expect(snap.promptShare.audioToVisual).toBeGreaterThan(0);
    expect(snap.promptShare.audioToVisual).toBeLessThan(1);
    model.setMethod('ft');
    const ft = await captureAttention(model, source.batch([4]), 'complete', 'situation');
    expect(ft.maps.every((m) => m.promptKeys === 0)).toBe(true);
    expect(ft.promptShare).toEqual({ audioToVisual: 0, visualToAudio: 0 });
    model.dispose();
  });
});
