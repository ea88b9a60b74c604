import type { BackendName } from '@shared/domain/backend';
import type { CorruptionConfig } from '@shared/domain/corruption';
import type { FeatureSource } from '@shared/domain/features';
import type {
  Efficiency,
  EpochMetrics,
  StepProgress,
  TrainingConfig,
} from '@shared/domain/training';
import * as tf from '@tensorflow/tfjs';
import { augmentBatch, isAugmenting } from '../augment';
import { currentBackend } from '../backend';
import type { CacheReport, EncoderCache } from '../cache/run-cache';
import {
  type LoadedCheckpoint,
  loadCheckpoint,
  loadWeights,
  saveCheckpoint,
} from '../checkpoint/checkpoint';
import { applyCorruption } from '../corrupt';
import { evaluate } from '../eval/evaluate';
import { peaks, resetPeaks, sampleRss } from '../memory';
import { isAuxHeadParam } from '../model/aux-heads';
import type { AVModel } from '../model/model';
import type { ParamGroup } from '../model/params';
import { DataParallelGroup, type PeerScript } from '../parallel/data-parallel';
import { mixSeed, Rng } from '../rng';
import { DrawnCorruption } from './drawn-corruption';
import { dropModalities } from './modality-dropout';
import { AdamOptimizer } from './optimizer';
import { epochSampler } from './sampler';
import { learningRateAt } from './schedule';
import { type StepOptions, trainStep } from './step';
import { MultiLabelUnsupportedError } from './task-loss';

export type RunControl = 'continue' | 'pause' | 'cancel';

export interface TrainHooks {
  onStep?(progress: StepProgress): void;
  /** Called after each epoch; `saveCheckpoint(path)` writes a resumable checkpoint. */
  onEpochEnd?(
    metrics: EpochMetrics,
    saveCheckpoint: (path: string) => Promise<void>,
  ): void | Promise<void>;
  /** Checked between steps: 'pause' waits (polling), 'cancel' stops after the current step. */
  control?(): RunControl | Promise<RunControl>;
}

export interface TrainRunOptions {
  model: AVModel;
  source: FeatureSource;
  config: TrainingConfig;
  /** How the training case's degraded modality is corrupted (unused for `complete`). */
  corruption: CorruptionConfig;
  /** Start from another run's weights, e.g. PL on an FT backbone trained on complete data. */
  initFrom?: string | LoadedCheckpoint;
  /** Groups taken from `initFrom` (strictly); default backbone + head. */
  initGroups?: readonly ParamGroup[];
  /** Continue a run from a checkpoint its own `onEpochEnd` saved. */
  resumeFrom?: string | LoadedCheckpoint;
  hooks?: TrainHooks;
  /** Cap on steps per epoch (benchmarks and smoke runs). */
  maxStepsPerEpoch?: number;
  /**
   * The frozen-encoder cache, used when the run qualifies (cache/eligibility.ts): PL, readonly
   * prompts, corruptionDraws set, nothing drawn per step before the encoders.
   */
  encoderCache?: EncoderCache;
  /**
   * Data-parallel training over this many threads (default 1: this thread only). Each batch is
   * split over them and their gradients summed in a fixed order (parallel/data-parallel.ts), so
   * a run's results depend on the worker count only to float rounding, and not at all on resume.
   */
  workers?: number;
  /** The peer threads' script; needed when workers > 1. */
  peerScript?: PeerScript;
}

export interface TrainRunResult {
  status: 'completed' | 'cancelled';
  /** Last fully completed epoch. */
  epochsCompleted: number;
  history: EpochMetrics[];
  efficiency: Efficiency;
  /** Runs with corruptionDraws: whether the encoder cache served them, and what it built. */
  corruptionDraws?: {
    cache: CacheReport | null;
    /** Why the encoder cache was not used (null when it was). */
    cacheSkipped: string | null;
    /** Seconds spent preparing the draws and building missing cache entries. */
    prepareSeconds: number;
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Trains one run: the method's params only (model.setMethod), Adam/AdamW with warm-up + cosine,
 * label smoothing, clipping; the training case's corruption applied to each batch (seeded by the
 * run RNG, whose state is checkpointed so a resumed run repeats the uninterrupted one).
 */
export async function trainRun(opts: TrainRunOptions): Promise<TrainRunResult> {
  const { model, source, config, corruption, hooks = {} } = opts;
  const { recipe } = config;
  if (recipe.auxLossWeight > 0 && !model.config.auxHeads)
    throw new Error('trainRun: recipe.auxLossWeight > 0 needs a model with auxHeads');
  if (recipe.gradientModulation && !(model.config.auxHeads && recipe.auxLossWeight > 0))
    throw new Error(
      'trainRun: OGM-GE measures each modality with the auxiliary heads: it needs auxHeads and auxLossWeight > 0',
    );
  if (source.task === 'multi-label' && recipe.gradientModulation)
    throw new MultiLabelUnsupportedError(
      'OGM-GE (recipe.gradientModulation)',
      'it measures each modality by the softmax score of the one true class',
    );
  model.setMethod(config.method, config.case);
  // Aux heads get gradients from their own loss only: without it (e.g. FT on a case after a
  // backbone that used them) they stay as they are instead of failing the optimizer.
  if (recipe.auxLossWeight === 0)
    model.params.setTrainable((p) => p.trainable && !isAuxHeadParam(p.name));
  if (opts.initFrom) {
    const init =
      typeof opts.initFrom === 'string' ? await loadCheckpoint(opts.initFrom) : opts.initFrom;
    loadWeights(model, init, opts.initGroups ?? ['backbone', 'head']);
  }
  const optimizer = new AdamOptimizer(model.trainableParams(), {
    weightDecay: config.weightDecay,
    decoupled: config.optimizer === 'adamw',
  });
  let rng = new Rng(config.seed);
  let history: EpochMetrics[] = [];
  let startEpoch = 1;
  if (opts.resumeFrom) {
    const ckpt =
      typeof opts.resumeFrom === 'string' ? await loadCheckpoint(opts.resumeFrom) : opts.resumeFrom;
    const state = ckpt.training;
    if (!state) throw new Error(`${ckpt.path}: not a training checkpoint (no training state)`);
    const { epochs: _a, ...was } = state.trainingConfig;
    const { epochs: _b, ...now } = config;
    if (canonicalJson(was) !== canonicalJson(now))
      throw new Error(
        `${ckpt.path}: checkpoint was saved by a run with a different training config`,
      );
    loadWeights(model, ckpt);
    optimizer.loadState(ckpt.tensors, state.optimizerStep, ckpt.path);
    rng = new Rng(state.rngState);
    history = [...state.history];
    startEpoch = state.epoch + 1;
  }
  const trainIdx = source.indices('train');
  const valIdx = source.indices('val');
  const prepareStart = performance.now();
  const drawn = config.corruptionDraws
    ? DrawnCorruption.forRun(model, source, config, corruption, opts.encoderCache)
    : null;
  const prepareSeconds = (performance.now() - prepareStart) / 1000;
  if (trainIdx.length === 0) throw new Error('trainRun: the train split is empty');
  const sampler = epochSampler(config.sampler, source, trainIdx);
  const stepsPerEpoch = Math.min(
    Math.ceil(trainIdx.length / config.batchSize),
    opts.maxStepsPerEpoch ?? Infinity,
  );
  const totalSteps = config.epochs * stepsPerEpoch;
  const warmupSteps = Math.round(config.warmupEpochs * stepsPerEpoch);
  resetPeaks();
  const tensorsAtStart = tf.memory().numTensors;
  let trainSeconds = 0;
  let trainSamples = 0;
  let epochSecondsSum = 0;
  let epochsRun = 0;
  let status: TrainRunResult['status'] = 'completed';
  let lastEpoch = startEpoch - 1;
  const workers = opts.workers ?? 1;
  if (workers > 1 && !opts.peerScript)
    throw new Error('trainRun: workers > 1 needs the peer threads’ script (peerScript)');
  const group =
    workers > 1
      ? await DataParallelGroup.start(model, optimizer.params, workers, opts.peerScript!)
      : null;
  try {
    epochs: for (let epoch = startEpoch; epoch <= config.epochs; epoch++) {
      const order = sampler.draw(rng);
      const epochDraws = drawn?.pickDraws(rng) ?? new Uint8Array(0);
      let lossSum = 0;
      let correct = 0;
      let seen = 0;
      const epochStart = performance.now();
      for (let step = 0; step < stepsPerEpoch; step++) {
        let signal = hooks.control ? await hooks.control() : 'continue';
        while (signal === 'pause') {
          await sleep(100);
          signal = hooks.control ? await hooks.control() : 'continue';
        }
        if (signal === 'cancel') {
          status = 'cancelled';
          break epochs;
        }
        const from = step * config.batchSize;
        const ids = Array.from(
          order.subarray(from, Math.min(from + config.batchSize, trainIdx.length)),
          (i) => trainIdx[i]!,
        );
        // Drawn before the batch (the same draw as ever) so that it also picks each video
        // sample's training frame: seeded, and restored with the run on resume.
        const corruptionSeed = rng.nextUint32();
        const raw = source.batch(ids, { frameSeed: corruptionSeed });
        // Recipe draws come after it and only when the recipe is on, so runs without a recipe
        // draw exactly what they drew before recipes existed.
        const augmented = isAugmenting(recipe.augmentation)
          ? augmentBatch(raw, source.shape, recipe.augmentation, new Rng(rng.nextUint32()))
          : raw;
        const corrupted = drawn
          ? drawn.corrupt(augmented, raw.sampleIndices, epochDraws)
          : applyCorruption(augmented, source.shape, config.case, corruption, corruptionSeed);
        if (recipe.modalityDropout > 0)
          dropModalities(
            { size: raw.size, audio: corrupted.audio, visual: corrupted.visual },
            source.shape,
            recipe.modalityDropout,
            new Rng(rng.nextUint32()),
            corrupted,
          );
        const t0 = performance.now();
        const lr = learningRateAt(optimizer.step, {
          base: config.lr,
          totalSteps,
          warmupSteps,
          schedule: config.schedule,
        });
        const batch = {
          ...raw,
          audio: corrupted.audio,
          visual: corrupted.visual,
          ...drawn?.encoded(raw.sampleIndices, epochDraws),
        };
        const stepOptions: StepOptions = {
          lr,
          labelSmoothing: config.labelSmoothing,
          clipNorm: config.clipNorm,
          // From the optimizer step, which checkpoints restore: resumed runs draw the same masks.
          dropoutSeed: mixSeed(config.seed, 0xd809, optimizer.step),
          auxLossWeight: recipe.auxLossWeight,
          gradientModulation: recipe.gradientModulation
            ? {
                alpha: recipe.gradientModulation.alpha,
                seed: mixSeed(config.seed, 0x06e, optimizer.step),
              }
            : undefined,
        };
        const r = group
          ? await group.step(optimizer, batch, stepOptions)
          : trainStep(model, optimizer, batch, stepOptions);
        const dt = (performance.now() - t0) / 1000;
        sampleRss();
        trainSeconds += dt;
        trainSamples += raw.size;
        lossSum += r.loss * raw.size;
        correct += r.correct;
        seen += raw.size;
        const pace = trainSamples / Math.max(trainSeconds, 1e-9);
        const stepsLeft = (config.epochs - epoch) * stepsPerEpoch + (stepsPerEpoch - step - 1);
        hooks.onStep?.({
          epoch,
          step: step + 1,
          stepsPerEpoch,
          loss: r.loss,
          accuracy: r.correct / raw.size,
          samplesPerSec: raw.size / Math.max(dt, 1e-9),
          etaSeconds: (stepsLeft * config.batchSize) / pace,
        });
      }
      const seconds = (performance.now() - epochStart) / 1000;
      epochSecondsSum += seconds;
      epochsRun++;
      const val =
        valIdx.length > 0
          ? await evaluate(model, source, {
              indices: valIdx,
              case: config.case,
              prompting: 'situation',
              corruption,
              seed: mixSeed(config.seed, 0x7a1),
            })
          : null;
      const metrics: EpochMetrics = {
        epoch,
        trainLoss: lossSum / seen,
        trainAccuracy: correct / seen,
        valLoss: val ? val.loss : null,
        valAccuracy: val ? val.accuracy : null,
        ...(source.task === 'multi-label' ? { valMap: val?.multiLabel?.map ?? null } : {}),
        lr: learningRateAt(Math.max(0, optimizer.step - 1), {
          base: config.lr,
          totalSteps,
          warmupSteps,
          schedule: config.schedule,
        }),
        seconds,
        samplesPerSec: seen / seconds,
      };
      history.push(metrics);
      lastEpoch = epoch;
      const state = {
        trainingConfig: config,
        epoch,
        optimizerStep: optimizer.step,
        rngState: rng.state(),
        history: [...history],
      };
      await hooks.onEpochEnd?.(metrics, (path) =>
        saveCheckpoint(path, model, {}, { optimizer, state }),
      );
    }
  } finally {
    await group?.close();
    drawn?.close();
  }
  const leaked = tf.memory().numTensors - tensorsAtStart;
  // An engine bug, not the user's: report it loudly but keep the finished run.
  if (leaked > 0) console.warn(`trainRun: ${leaked} tensors leaked during training`);
  const counts = model.paramCounts();
  const p = peaks();
  optimizer.dispose();
  const ran = currentBackend();
  return {
    status,
    epochsCompleted: lastEpoch,
    history,
    ...(drawn
      ? {
          corruptionDraws: {
            cache: drawn.cacheReport,
            cacheSkipped: drawn.cacheSkipped,
            prepareSeconds,
          },
        }
      : {}),
    efficiency: {
      backend: (ran?.name ?? backendFromTf()) as BackendName,
      totalParams: counts.total,
      trainableParams: counts.trainable,
      peakTensorBytes: p.peakTensorBytes,
      peakRssBytes: p.peakRssBytes,
      workers,
      ...(ran?.matmul ? { matmul: ran.matmul } : {}),
      ...(ran?.threads ? { matmulThreads: ran.threads } : {}),
      secondsPerEpoch: epochsRun === 0 ? 0 : epochSecondsSum / epochsRun,
      trainSamplesPerSec: trainSeconds === 0 ? 0 : trainSamples / trainSeconds,
    },
  };
}

function backendFromTf(): BackendName {
  const name = tf.getBackend();
  return name === 'tensorflow' ? 'tensorflow' : name === 'wasm' ? 'wasm' : 'cpu';
}

/** JSON with sorted keys, so configs that differ only in key order compare equal. */
function canonicalJson(value: object): string {
  const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(Object.fromEntries(entries));
}
