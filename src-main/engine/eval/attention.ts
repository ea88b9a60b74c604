import type { Case } from '@shared/domain/cases';
import type { SampleBatch } from '@shared/domain/features';
import type { Prompting } from '@shared/domain/methods';
import type { AttentionMap, AttentionSnapshot } from '@shared/domain/training';
import { tokenGrids } from '../model/config';
import type { CapturedAttention } from '../model/context';
import type { AVModel } from '../model/model';
import { capturedMapShape } from './attention-sum';
import { promptCasesFor } from './evaluate';
import { forwardBatch } from './forward-batches';

/**
 * Cross-attention weights of every fusion block and head for one sample (the first row of
 * `batch`, already corrupted as the caller wants it), with the share of attention on prompts.
 */
export async function captureAttention(
  model: AVModel,
  batch: SampleBatch,
  testCase: Case,
  prompting: Prompting,
  /** For concat: the cases whose prompt sets are concatenated (promptCasesFor). */
  trainedCases?: readonly Case[],
): Promise<AttentionSnapshot> {
  if (batch.size < 1) throw new Error('captureAttention: the batch is empty');
  const captured: CapturedAttention[] = [];
  // Only the captured maps are read; the model keeps them past the pass.
  forwardBatch(
    model,
    sliceFirst(model, batch),
    { promptCases: promptCasesFor(testCase, prompting, trainedCases), capture: captured },
    () => undefined,
  );
  const maps: AttentionMap[] = [];
  const shares = { audio_to_visual: [] as number[], visual_to_audio: [] as number[] };
  for (const cap of captured) {
    const shape = capturedMapShape(cap);
    const { heads, queries, keys } = shape;
    const weights = Array.from((await cap.probs.data()) as Float32Array); // [1, H, Q, K]
    cap.probs.dispose();
    maps.push({ ...shape, weights });
    let onPrompts = 0;
    for (let row = 0; row < heads * queries; row++)
      for (let k = 0; k < cap.promptKeys; k++) onPrompts += weights[row * keys + k]!;
    shares[cap.direction].push(onPrompts / (heads * queries));
  }
  const mean = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
  const grids = tokenGrids(model.config);
  return {
    case: testCase,
    prompting,
    sampleIndex: batch.sampleIndices[0]!,
    audioGrid: grids.audio,
    visualGrid: grids.visual,
    maps,
    promptShare: {
      audioToVisual: mean(shares.audio_to_visual),
      visualToAudio: mean(shares.visual_to_audio),
    },
  };
}

function sliceFirst(model: AVModel, b: SampleBatch): SampleBatch {
  const c = model.config;
  const aLen = c.audioFrames * c.melBins;
  const vLen = c.imageSize * c.imageSize * c.imageChannels;
  return {
    size: 1,
    audio: b.audio.slice(0, aLen),
    visual: b.visual.slice(0, vLen),
    labels: b.labels.slice(0, 1),
    sampleIndices: b.sampleIndices.slice(0, 1),
  };
}
