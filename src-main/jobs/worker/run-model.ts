import { CASES, type Case } from '@shared/domain/cases';
import type { FeatureSource } from '@shared/domain/features';
import { type ModelConfig, ModelConfigSchema } from '@shared/domain/model';
import type { RunConfig } from '@shared/domain/records';
import { fusionBlocksOnImported } from '@shared/domain/scenario';
import { backboneShapeMismatch } from '../../data/backbone-library';
import type { EvaluationResult } from '../../engine';
import {
  type AVModel,
  createModel,
  type LoadedCheckpoint,
  loadCheckpoint,
  loadWeights,
  modelConfigForPreset,
} from '../../engine';
import { loadPromptSet } from '../../engine/checkpoint/checkpoint';
import { initFusionAsIdentity, withModelFusionBlocks } from '../../engine/model/fusion';
import { mixSeed } from '../../engine/rng';
import type { RunTask } from '../protocol';

/** The model a run trains: its preset and prompt/LoRA/Adapter sizes, shaped by the dataset. */
export function modelForRun(config: RunConfig, source: FeatureSource): AVModel {
  if (config.pretrained) {
    const model = createModel(pretrainedModelConfig(config, source), config.training.seed);
    initFusionAsIdentity(
      model.params,
      config.pretrained.config.fusionBlocks,
      model.config.fusionBlocks,
    );
    return model;
  }
  const { preset, fusionBlocks, ...sizes } = config.model;
  const modelConfig = modelConfigForPreset(preset, {
    numClasses: source.classes.length,
    ...source.shape,
    ...sizes,
    ...(fusionBlocks === undefined ? {} : { fusionBlocks }),
  });
  return createModel(modelConfig, config.training.seed);
}

/**
 * What a backbone run on an imported backbone starts from: the import's encoder, plus the
 * model's own identity-initialised values for the fusion blocks the import does not have (so the
 * strict load accepts them and they stay the identity).
 */
export async function importedBackboneStart(
  model: AVModel,
  path: string,
): Promise<LoadedCheckpoint> {
  const imported = await loadCheckpoint(path);
  return { ...imported, tensors: withModelFusionBlocks(model.params, imported.tensors) };
}

/**
 * The model of a run on an imported backbone: the backbone's shape, the dataset's classes, the
 * scenario's prompt, LoRA and adapter sizes and its new fusion blocks (its preset, stems and aux
 * heads do not apply).
 */
function pretrainedModelConfig(config: RunConfig, source: FeatureSource): ModelConfig {
  const { id, config: base } = config.pretrained!;
  const mismatch = backboneShapeMismatch(base, source.shape);
  if (mismatch) throw new Error(`backbone ${id}: ${mismatch}`);
  const m = config.model;
  return ModelConfigSchema.parse({
    ...base,
    numClasses: source.classes.length,
    inputPromptLength: m.inputPromptLength,
    attentionPromptLength: m.attentionPromptLength,
    inputPromptMode: m.inputPromptMode,
    loraRank: m.loraRank,
    adapterBottleneck: m.adapterBottleneck,
    fusionBlocks: checkedFusionBlocks(id, base, m),
  });
}

function checkedFusionBlocks(id: string, base: ModelConfig, model: RunConfig['model']): number {
  const blocks = fusionBlocksOnImported(model, base);
  if (blocks < base.fusionBlocks)
    throw new Error(
      `backbone ${id}: model.fusionBlocks ${blocks} is fewer than the ${base.fusionBlocks} it has`,
    );
  return blocks;
}

/** The corruption seed of a run's evaluations: the same for every method of a seed, so they see one test set. */
export function evaluationSeed(config: RunConfig): number {
  return mixSeed(config.training.seed, 0xe7a1);
}

/** [sampleIndex, true, predicted] of every misclassified sample. */
export function mistakesOf(result: EvaluationResult): [number, number, number][] {
  // Multi-label: a miss is a top class that is none of the sample's labels.
  return result.predictions
    .filter((p) => (p.labels ? !p.labels.includes(p.predicted) : p.predicted !== p.label))
    .map((p) => [p.sampleIndex, p.label, p.predicted]);
}

/** Cases in their canonical order. */
export function orderedCases(cases: Iterable<Case>): Case[] {
  const set = new Set(cases);
  return CASES.filter((c) => set.has(c));
}

/**
 * Loads what a task evaluates. Situation-specific: the run's own checkpoint. Concat-based: the
 * family's backbone (its head is the one every PL run trained its prompts over) plus every
 * family member's prompt set, so the result is the same whichever member the task is stored on.
 * Returns the prompt sets to concatenate (undefined unless concat).
 */
export async function loadTaskWeights(
  model: AVModel,
  task: Pick<RunTask, 'checkpoint' | 'prompting' | 'promptSources'>,
): Promise<Case[] | undefined> {
  const base = await loadCheckpoint(task.checkpoint);
  loadWeights(model, base);
  if (task.prompting !== 'concat') {
    model.setMethod(base.method, base.trainCase);
    return undefined;
  }
  const sources = task.promptSources ?? [];
  if (sources.length === 0)
    throw new Error('concat-based prompting needs the family’s prompt sets');
  const cases = orderedCases(sources.map((s) => s.case));
  model.setMethod('pl', cases[0]);
  for (const source of sources)
    loadPromptSet(model, await loadCheckpoint(source.checkpoint), source.case);
  return cases;
}
