import type { CorruptionConfig } from '@shared/domain/corruption';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { microConfig, syntheticSource } from '../../../tests/support/engine/micro';
import { useTestBackend } from '../../../tests/support/engine/setup';
import { AVModel } from '../model/model';
import { evaluate } from './evaluate';

beforeAll(useTestBackend);

// `modality-mode`: the missing modality is left out and the other goes alone through CAV-MAE's
// missing-modality mode (only audio given: missingaudioonly), instead of being zero-filled.
describe("evaluation with CAV-MAE's missing-modality modes", () => {
  const shape = { audioFrames: 8, melBins: 8, imageSize: 8, imageChannels: 1 };
  const source = syntheticSource(shape, 3, { train: 2, val: 0, test: 9 });
  const corruption: CorruptionConfig = {
    audioNoises: [],
    visualNoises: [],
    severity: 1,
    rate: 1,
  };
  const cavMaeLike = (fusionBlocks: number) =>
    new AVModel(
      microConfig({ ...shape, fusionBlocks, modalityNorms: true, headNorm: true, numClasses: 3 }),
      4,
    );
  const test = source.indices('test');

  it.each([
    ['missing_visual', 'missingaudioonly'],
    ['missing_audio', 'missingvideoonly'],
  ] as const)('%s predicts what forward mode %s predicts', async (testCase, mode) => {
    const model = cavMaeLike(0);
    const result = await evaluate(model, source, {
      indices: test,
      case: testCase,
      prompting: 'modality-mode',
      corruption,
      seed: 1,
    });
    const batch = source.batch(test);
    const expected = tf.tidy(() => {
      const audio = tf.tensor3d(batch.audio, [batch.size, shape.audioFrames, shape.melBins]);
      const visual = tf.tensor4d(batch.visual, [batch.size, 8, 8, 1]);
      return Array.from(model.forward(audio, visual, { mode }).argMax(1).dataSync());
    });
    expect(result.predictions.map((p) => p.predicted)).toEqual(expected);
    // Zero-filling the missing modality is a different function.
    const zeroFilled = await evaluate(model, source, {
      indices: test,
      case: testCase,
      prompting: 'situation',
      corruption,
      seed: 1,
    });
    expect(zeroFilled.loss).not.toBeCloseTo(result.loss, 6);
    model.dispose();
  });

  it('is refused with fusion blocks, without modality norms, and on other cases', async () => {
    const opts = {
      indices: test,
      case: 'missing_audio' as const,
      prompting: 'modality-mode' as const,
      corruption,
      seed: 1,
    };
    const withFusion = cavMaeLike(1);
    await expect(evaluate(withFusion, source, opts)).rejects.toThrow(/1 fusion blocks/);
    withFusion.dispose();
    const plain = new AVModel(microConfig({ ...shape, fusionBlocks: 0, numClasses: 3 }), 4);
    await expect(evaluate(plain, source, opts)).rejects.toThrow(/imported CAV-MAE/);
    plain.dispose();
    const model = cavMaeLike(0);
    await expect(evaluate(model, source, { ...opts, case: 'noisy_audio' })).rejects.toThrow(
      /missing-modality cases, not noisy_audio/,
    );
    model.dispose();
  });
});
