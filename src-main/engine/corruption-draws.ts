/**
 * Per-sample corruption draws (TrainingConfig.corruptionDraws = k): k fixed corruptions of the
 * whole train split instead of a fresh one per batch. Draw d degrades exactly round(η·N) of the
 * N train samples (a permutation seeded by the draw seed and d, shared by every case, so
 * noisy_audio, missing_audio and noisy_both at one η degrade the same samples), and each degraded
 * modality's noise comes from its own stream seeded by (draw seed, d, sample, modality). A
 * modality's corruption therefore depends only on what the case does to that modality: the
 * audio of noisy_audio and of noisy_both is the same, and a clean modality is the same in
 * every draw — what lets the encoder cache share entries between the runs of a family.
 */
import { type Case, caseDegradation } from '@shared/domain/cases';
import type { AudioNoise, CorruptionConfig, VisualNoise } from '@shared/domain/corruption';
import type { FeatureShape } from '@shared/domain/features';
import { type CorruptionResult, corruptAudio, corruptImage, type FeatureArrays } from './corrupt';
import { mixSeed, Rng } from './rng';

export type Modality = 'audio' | 'visual';

const SELECTION = 0x5e1ec7;
const STREAM: Record<Modality, number> = { audio: 0xa0d10, visual: 0x71500 };

export class CorruptionDraws {
  /** degraded[d][position in the train split] */
  private readonly degraded: Uint8Array[];
  private readonly position = new Map<number, number>();
  private readonly how: ReturnType<typeof caseDegradation>;

  constructor(
    /** The train split's sample indices, in stored order. */
    trainIds: Int32Array,
    private readonly shape: FeatureShape,
    testCase: Case,
    private readonly config: CorruptionConfig,
    readonly seed: number,
    readonly count: number,
  ) {
    if (!Number.isInteger(count) || count < 1)
      throw new Error(`corruption draws: need a whole number ≥ 1, got ${count}`);
    trainIds.forEach((id, i) => {
      this.position.set(id, i);
    });
    this.how = caseDegradation(testCase);
    const n = trainIds.length;
    const degradedCount = Math.round(config.rate * n);
    this.degraded = Array.from({ length: count }, (_, d) => {
      const order = new Rng(mixSeed(seed, SELECTION, d)).permutation(n);
      const marks = new Uint8Array(n);
      for (let i = 0; i < degradedCount; i++) marks[order[i]!] = 1;
      return marks;
    });
  }

  /** Whether `sampleId` (a train sample) is degraded in draw d. */
  isDegraded(sampleId: number, draw: number): boolean {
    const pos = this.position.get(sampleId);
    if (pos === undefined) throw new Error(`corruption draws: sample ${sampleId} is not in train`);
    return this.degraded[draw]![pos] === 1;
  }

  /**
   * Everything that decides a modality's values in a draw besides the sample, as text: the
   * encoder cache's key. A modality the case leaves clean is the same in every draw.
   */
  modalityKey(modality: Modality): { corruption: string; drawDependent: boolean } {
    const how = this.how[modality];
    if (how === 'clean') return { corruption: 'clean', drawDependent: false };
    const { rate, severity, audioNoises, visualNoises } = this.config;
    const noises = modality === 'audio' ? audioNoises : visualNoises;
    const what = how === 'missing' ? 'missing' : `noisy:${noises.join(',')}:severity=${severity}`;
    return { corruption: `${what}:rate=${rate}:seed=${this.seed}`, drawDependent: true };
  }

  /**
   * Corrupts one modality of consecutive rows in place, row r with its sample's draw; returns
   * what was done to each row (null = left clean).
   */
  corruptModality(
    modality: Modality,
    values: Float32Array,
    sampleIds: ArrayLike<number>,
    drawOfRow: ArrayLike<number>,
  ): (AudioNoise | VisualNoise | 'missing' | null)[] {
    const applied: (AudioNoise | VisualNoise | 'missing' | null)[] = new Array(
      sampleIds.length,
    ).fill(null);
    const how = this.how[modality];
    if (how === 'clean') return applied;
    const { shape, config } = this;
    const len =
      modality === 'audio'
        ? shape.audioFrames * shape.melBins
        : shape.imageSize * shape.imageSize * shape.imageChannels;
    for (let r = 0; r < sampleIds.length; r++) {
      const id = sampleIds[r]!;
      const draw = drawOfRow[r]!;
      if (!this.isDegraded(id, draw)) continue;
      const x = values.subarray(r * len, (r + 1) * len);
      if (how === 'missing') {
        x.fill(0);
        applied[r] = 'missing';
        continue;
      }
      const rng = new Rng(mixSeed(this.seed, STREAM[modality], draw, id));
      if (modality === 'audio') {
        const noise = config.audioNoises[rng.int(0, config.audioNoises.length - 1)]!;
        corruptAudio(x, shape, noise, config.severity, rng);
        applied[r] = noise;
      } else {
        const noise = config.visualNoises[rng.int(0, config.visualNoises.length - 1)]!;
        corruptImage(x, shape, noise, config.severity, rng);
        applied[r] = noise;
      }
    }
    return applied;
  }

  /** Train rows corrupted each by its draw, as applyCorruption reports (input not mutated). */
  apply(
    batch: FeatureArrays,
    sampleIds: ArrayLike<number>,
    drawOfRow: ArrayLike<number>,
  ): CorruptionResult {
    const audio = batch.audio.slice();
    const visual = batch.visual.slice();
    const audioApplied = this.corruptModality('audio', audio, sampleIds, drawOfRow);
    const visualApplied = this.corruptModality('visual', visual, sampleIds, drawOfRow);
    const degraded = Uint8Array.from(audioApplied, (a, r) => (a || visualApplied[r] ? 1 : 0));
    return {
      audio,
      visual,
      degraded,
      audioApplied: audioApplied as CorruptionResult['audioApplied'],
      visualApplied: visualApplied as CorruptionResult['visualApplied'],
    };
  }
}

/** The draw seed of a run: from its seed, so the runs of a family (one seed) share draws. */
export function drawSeedOf(runSeed: number): number {
  return mixSeed(runSeed, 0xd2a3);
}
