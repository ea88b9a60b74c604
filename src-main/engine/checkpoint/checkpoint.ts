import { type Case, CaseSchema } from '@shared/domain/cases';
import { type Method, MethodSchema } from '@shared/domain/methods';
import { type ModelConfig, ModelConfigSchema } from '@shared/domain/model';
import {
  type EpochMetrics,
  type TrainingConfig,
  TrainingConfigSchema,
} from '@shared/domain/training';
import * as tf from '@tensorflow/tfjs';
import { AVModel } from '../model/model';
import { PARAM_GROUPS, type ParamGroup } from '../model/params';
import type { RngState } from '../rng';
import type { AdamOptimizer } from '../train/optimizer';
import { type NamedArray, readSafetensors, writeSafetensors } from './safetensors';

export const CHECKPOINT_FORMAT = 'avlab-checkpoint/1';

/** What a resumable training checkpoint adds to the weights. */
export interface TrainingState {
  trainingConfig: TrainingConfig;
  /** Last completed epoch (1-based). */
  epoch: number;
  optimizerStep: number;
  /** The run RNG after that epoch's draws. */
  rngState: RngState;
  history: EpochMetrics[];
}

export interface LoadedCheckpoint {
  path: string;
  config: ModelConfig;
  method: Method;
  trainCase: Case;
  /** Model weights and (for training checkpoints) `optimizer.m/v.*` tensors. */
  tensors: Map<string, NamedArray>;
  extra: Record<string, unknown>;
  training: TrainingState | null;
}

/**
 * Writes the model's weights (every group), plus the optimizer state and training state when
 * given, as one safetensors file (atomically). Tensor names: checkpoint/README.md.
 */
export async function saveCheckpoint(
  path: string,
  model: AVModel,
  extra: Record<string, unknown> = {},
  training?: { optimizer: AdamOptimizer; state: TrainingState },
): Promise<void> {
  const tensors = new Map<string, NamedArray>();
  for (const p of model.params.all())
    tensors.set(p.name, {
      shape: p.variable.shape,
      data: (await p.variable.data()) as Float32Array,
    });
  if (training)
    for (const [name, t] of training.optimizer.stateTensors())
      tensors.set(name, { shape: t.shape, data: (await t.data()) as Float32Array });
  const metadata: Record<string, string> = {
    format: CHECKPOINT_FORMAT,
    model_config: JSON.stringify(model.config),
    method: model.method,
    train_case: model.trainCase,
    extra: JSON.stringify(extra),
  };
  if (training) metadata.training_state = JSON.stringify(training.state);
  writeSafetensors(path, { tensors, metadata });
}

export async function loadCheckpoint(path: string): Promise<LoadedCheckpoint> {
  const file = readSafetensors(path);
  const md = file.metadata;
  if (md.format !== CHECKPOINT_FORMAT)
    throw new Error(
      `${path}: not an AV Prompt Lab checkpoint (format "${md.format ?? 'missing'}")`,
    );
  const parse = <T>(field: string, f: (v: unknown) => T): T => {
    try {
      return f(JSON.parse(md[field] ?? 'null'));
    } catch (e) {
      throw new Error(`${path}: metadata field "${field}" is invalid: ${(e as Error).message}`);
    }
  };
  const training = md.training_state
    ? parse('training_state', (v) => {
        const s = v as TrainingState;
        return { ...s, trainingConfig: TrainingConfigSchema.parse(s.trainingConfig) };
      })
    : null;
  return {
    path,
    config: parse('model_config', (v) => ModelConfigSchema.parse(v)),
    method: MethodSchema.parse(md.method),
    trainCase: CaseSchema.parse(md.train_case),
    tensors: file.tensors,
    extra: parse('extra', (v) => (v ?? {}) as Record<string, unknown>),
    training,
  };
}

/**
 * Copies the chosen groups' weights into the model, strictly: every model param of those groups
 * must be in the file with the same shape, and every file tensor of those groups must exist in
 * the model. Tensors of other groups are left alone and listed in `ignored`.
 */
export function loadWeights(
  model: AVModel,
  ckpt: LoadedCheckpoint,
  groups: readonly ParamGroup[] = PARAM_GROUPS,
): { loaded: string[]; ignored: string[] } {
  return copyStrict(model, ckpt, (name) => groups.includes(name.split('.', 1)[0] as ParamGroup));
}

/**
 * Copies one case's prompt set from another checkpoint of the same backbone, as strictly as
 * loadWeights: what concat-based prompting assembles from a PL family, one member per case.
 */
export function loadPromptSet(model: AVModel, ckpt: LoadedCheckpoint, promptCase: Case): string[] {
  const prefix = `prompts.${promptCase}.`;
  return copyStrict(model, ckpt, (name) => name.startsWith(prefix)).loaded;
}

function copyStrict(
  model: AVModel,
  ckpt: LoadedCheckpoint,
  wanted: (name: string) => boolean,
): { loaded: string[]; ignored: string[] } {
  const problems: string[] = [];
  const loaded: string[] = [];
  for (const p of model.params.all()) {
    if (!wanted(p.name)) continue;
    const t = ckpt.tensors.get(p.name);
    if (!t) problems.push(`missing ${p.name}`);
    else if (t.shape.join(',') !== p.variable.shape.join(','))
      problems.push(`${p.name} has shape [${t.shape}], model expects [${p.variable.shape}]`);
  }
  const ignored: string[] = [];
  for (const name of ckpt.tensors.keys()) {
    if (name.startsWith('optimizer.')) continue;
    if (!wanted(name)) ignored.push(name);
    else if (!model.params.has(name)) problems.push(`unexpected ${name}`);
  }
  if (problems.length > 0)
    throw new Error(
      `${ckpt.path}: checkpoint does not match the model: ${problems.slice(0, 10).join('; ')}${problems.length > 10 ? ` (+${problems.length - 10} more)` : ''}`,
    );
  for (const p of model.params.all()) {
    if (!wanted(p.name)) continue;
    const t = ckpt.tensors.get(p.name)!;
    tf.tidy(() => p.variable.assign(tf.tensor(t.data, t.shape, 'float32')));
    loaded.push(p.name);
  }
  return { loaded, ignored };
}

/** A fresh model with the checkpoint's config, method and every weight (strict). */
export function modelFromCheckpoint(ckpt: LoadedCheckpoint): AVModel {
  const model = new AVModel(ckpt.config, 0);
  loadWeights(model, ckpt);
  model.setMethod(ckpt.method, ckpt.trainCase);
  return model;
}
