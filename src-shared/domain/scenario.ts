import { z } from 'zod';
import { CaseSchema } from './cases';
import { CorruptionConfigSchema, DEFAULT_CORRUPTION } from './corruption';
import {
  InputPromptModeSchema,
  METHODS,
  type Method,
  MethodSchema,
  PromptingSchema,
} from './methods';
import { PresetSchema } from './model';
import {
  DEFAULT_BACKBONE_RECIPE,
  NO_RECIPE,
  type TrainingRecipe,
  TrainingRecipeSchema,
} from './recipe';
import { CheckpointChoiceSchema } from './selection';
import {
  CorruptionDrawsSchema,
  EncoderCacheModeSchema,
  OptimizerSchema,
  SamplerSchema,
  ScheduleSchema,
} from './training';

/**
 * The recipe a backbone stage trains with unless the spec says otherwise: the engine's tuned
 * remedies, which is why the model defaults below build conv stems and auxiliary heads.
 */
export const BACKBONE_STAGE_RECIPE: TrainingRecipe = DEFAULT_BACKBONE_RECIPE;

/** Hyper-parameters shared by every run of one stage of a scenario. */
export const StageTrainingSchema = z.strictObject({
  epochs: z.number().int().min(1).max(10_000),
  batchSize: z.number().int().min(1).max(4096),
  lr: z.number().positive().max(10),
  weightDecay: z.number().min(0).max(1).default(0.01),
  optimizer: OptimizerSchema.default('adamw'),
  schedule: ScheduleSchema.default('cosine'),
  warmupEpochs: z.number().min(0).default(1),
  labelSmoothing: z.number().min(0).max(0.5).default(0),
  clipNorm: z.number().min(0).default(1),
  recipe: TrainingRecipeSchema.default(BACKBONE_STAGE_RECIPE),
  /** Which weights are evaluated and adapted from: the best epoch on validation, or the last. */
  checkpoint: CheckpointChoiceSchema.default('best-val'),
  /** k fixed corruption draws per sample (TrainingConfig.corruptionDraws); absent = per batch. */
  corruptionDraws: CorruptionDrawsSchema.optional(),
  encoderCache: EncoderCacheModeSchema.optional(),
  /** Epoch sampling (TrainingConfig.sampler): uniform (absent) or balanced by label frequency. */
  sampler: SamplerSchema.optional(),
});
export type StageTraining = z.infer<typeof StageTrainingSchema>;

/**
 * The backbone stage: FT on complete data, from scratch or, with `from`, from an imported
 * pretrained backbone (`avlab backbone import`; its encoder, with a new head for the dataset's
 * classes). The runs then have the imported model's shape; the scenario's model gives only the
 * prompt, LoRA and adapter sizes.
 */
export const BackboneStageSchema = StageTrainingSchema.extend({
  from: z
    .string()
    .regex(/^[0-9a-f]{16}$/, 'a backbone id (avlab backbone list)')
    .optional(),
});
export type BackboneStage = z.infer<typeof BackboneStageSchema>;

/**
 * Defaults of each method's stage, each fit for what it trains: FT on a case fine-tunes every
 * weight (small lr, warm-up, weight decay), PL trains only prompts (a larger lr, no warm-up),
 * LoRA/Adapter train small zero-initialised weights, the linear probe only the head.
 */
export const METHOD_STAGE_DEFAULTS: Record<
  Method,
  Pick<StageTraining, 'epochs' | 'batchSize' | 'lr' | 'weightDecay' | 'warmupEpochs'>
> = {
  ft: { epochs: 5, batchSize: 32, lr: 2e-4, weightDecay: 0.05, warmupEpochs: 1 },
  pl: { epochs: 5, batchSize: 32, lr: 5e-3, weightDecay: 0, warmupEpochs: 0 },
  lora: { epochs: 5, batchSize: 32, lr: 1e-3, weightDecay: 0, warmupEpochs: 0 },
  adapter: { epochs: 5, batchSize: 32, lr: 1e-3, weightDecay: 0, warmupEpochs: 0 },
  linear: { epochs: 5, batchSize: 32, lr: 1e-3, weightDecay: 0, warmupEpochs: 0 },
};

/**
 * One method's stage as a spec writes it: every field optional (the method's defaults fill in),
 * and either one `lr` or an `lrGrid` of learning rates, all trained, the best on validation kept.
 */
export const MethodStageSchema = z
  .strictObject({
    epochs: z.number().int().min(1).max(10_000).optional(),
    batchSize: z.number().int().min(1).max(4096).optional(),
    lr: z.number().positive().max(10).optional(),
    lrGrid: z.array(z.number().positive().max(10)).min(2).max(8).optional(),
    weightDecay: z.number().min(0).max(1).optional(),
    optimizer: OptimizerSchema.optional(),
    schedule: ScheduleSchema.optional(),
    warmupEpochs: z.number().min(0).optional(),
    labelSmoothing: z.number().min(0).max(0.5).optional(),
    clipNorm: z.number().min(0).optional(),
    recipe: TrainingRecipeSchema.optional(),
    checkpoint: CheckpointChoiceSchema.optional(),
    corruptionDraws: CorruptionDrawsSchema.optional(),
    encoderCache: EncoderCacheModeSchema.optional(),
    sampler: SamplerSchema.optional(),
  })
  .superRefine((stage, ctx) => {
    if (stage.lr !== undefined && stage.lrGrid !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['lrGrid'],
        message: 'give lr or lrGrid, not both (the grid lists every learning rate tried)',
      });
    }
    if (stage.lrGrid && new Set(stage.lrGrid).size !== stage.lrGrid.length) {
      ctx.addIssue({ code: 'custom', path: ['lrGrid'], message: 'lists a value twice' });
    }
  });
export type MethodStage = z.infer<typeof MethodStageSchema>;

/** A method's stage with its defaults filled in, and the learning rates its runs train with. */
export interface ResolvedMethodStage {
  stage: StageTraining;
  /** One entry, or the whole grid (runs per lr, the best on validation selected). */
  lrs: number[];
  grid: boolean;
}

/** Per-method training settings; a method the scenario runs but does not list uses its defaults. */
export const MethodTrainingSchema = z.strictObject(
  Object.fromEntries(METHODS.map((m) => [m, MethodStageSchema.optional()])) as Record<
    Method,
    z.ZodOptional<typeof MethodStageSchema>
  >,
);

/** The model size and the parameter-efficient parts' sizes. */
export const ScenarioModelSchema = z.strictObject({
  preset: PresetSchema.default('tiny'),
  inputPromptLength: z.number().int().min(0).max(256).default(8),
  attentionPromptLength: z.number().int().min(0).max(256).default(8),
  inputPromptMode: InputPromptModeSchema.default('deep'),
  loraRank: z.number().int().min(1).max(256).default(8),
  adapterBottleneck: z.number().int().min(1).max(1024).default(32),
  /** Convolutional stems before the patch embeddings (small data trains ViTs poorly without);
   * on by default with auxHeads, as BACKBONE_STAGE_RECIPE needs. */
  convStem: z.boolean().default(true),
  /** Unimodal auxiliary heads (audio-only and visual-only), for TrainingRecipe.auxLossWeight. */
  auxHeads: z.boolean().default(true),
  /**
   * Fusion blocks (cross-attention, where attention prompts live). Absent: the preset's count,
   * and on an imported backbone (which has none) DEFAULT_FUSION_ON_IMPORTED new blocks that
   * start as the identity, so the backbone stage starts from the checkpoint's exact function.
   */
  fusionBlocks: z.number().int().min(0).max(12).optional(),
});
export type ScenarioModel = z.infer<typeof ScenarioModelSchema>;

/** New fusion blocks put on an imported backbone when the scenario does not say. */
export const DEFAULT_FUSION_ON_IMPORTED = 1;

/** The fusion blocks a model on an imported backbone (with `base.fusionBlocks` of its own) has. */
export function fusionBlocksOnImported(
  model: Pick<ScenarioModel, 'fusionBlocks'>,
  base: { fusionBlocks: number },
): number {
  return model.fusionBlocks ?? base.fusionBlocks + DEFAULT_FUSION_ON_IMPORTED;
}

/**
 * How concat-based prompting (unknown degradation) classifies. `backbone`: PL trains only its
 * case's prompt set over the backbone's frozen head, so every case's prompt set and the concat of
 * all of them share one head, the backbone's: nothing about the test case is used.
 */
export const CONCAT_HEADS = ['backbone'] as const;
export const PromptingPolicySchema = z.strictObject({
  concatHead: z.enum(CONCAT_HEADS).default('backbone'),
});
export type PromptingPolicy = z.infer<typeof PromptingPolicySchema>;

/**
 * A whole experiment, as the protocol runs it:
 * (a) per seed, a backbone fully fine-tuned on complete data;
 * (b) per seed × case × missing rate × method (× learning rate of a grid), a run adapted from
 *     that backbone with the method's own settings (PL prompts on the frozen backbone and head,
 *     FT on the case, LoRA, Adapter);
 * (c) every model evaluated on every evaluation case, situation-specific and concat-based; each
 *     backbone also on complete / missing audio / missing visual on validation and test
 *     (modality reliance).
 */
export const ScenarioSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    datasetId: z.string().min(1),
    /** Degradation cases that get a run of each method (`complete` is the backbone's). */
    cases: z.array(CaseSchema).min(1),
    methods: z.array(MethodSchema).min(1),
    corruption: CorruptionConfigSchema.omit({ rate: true }).strict().default({
      audioNoises: DEFAULT_CORRUPTION.audioNoises,
      visualNoises: DEFAULT_CORRUPTION.visualNoises,
      severity: DEFAULT_CORRUPTION.severity,
    }),
    /** η values: the share of samples degraded, in training and test alike. */
    missingRates: z.array(z.number().min(0).max(1)).min(1).default([1]),
    model: ScenarioModelSchema.default(ScenarioModelSchema.parse({})),
    backbone: BackboneStageSchema,
    /** Each method's own settings (the backbone stage is apart: it is FT on complete data). */
    training: MethodTrainingSchema.default({}),
    prompting: PromptingPolicySchema.default(PromptingPolicySchema.parse({})),
    seeds: z.array(z.number().int().min(0)).min(1).max(100),
    evaluation: z
      .strictObject({
        cases: z.array(CaseSchema).min(1),
        promptings: z.array(PromptingSchema).min(1).default(['situation', 'concat']),
      })
      .optional(),
  })
  .superRefine((s, ctx) => {
    const unique = (values: readonly unknown[], path: string) => {
      if (new Set(values).size !== values.length) {
        ctx.addIssue({ code: 'custom', path: [path], message: 'lists a value twice' });
      }
    };
    unique(s.cases, 'cases');
    unique(s.methods, 'methods');
    unique(s.seeds, 'seeds');
    unique(s.missingRates, 'missingRates');
    if (s.backbone.from && s.backbone.recipe.auxLossWeight > 0)
      ctx.addIssue({
        code: 'custom',
        path: ['backbone', 'recipe'],
        message:
          'an imported backbone has no auxiliary heads: give the stage a recipe without auxLossWeight (e.g. "recipe": {})',
      });
    for (const method of METHODS) {
      if (s.training[method] !== undefined && !s.methods.includes(method)) {
        ctx.addIssue({
          code: 'custom',
          path: ['training', method],
          message: `settings for ${method}, which is not in methods`,
        });
      }
    }
  });
export type Scenario = z.infer<typeof ScenarioSchema>;
export type ScenarioInput = z.input<typeof ScenarioSchema>;

/** The cases every model is evaluated on: the listed ones, or complete + the trained cases. */
export function evaluationCases(s: Scenario): z.infer<typeof CaseSchema>[] {
  return s.evaluation?.cases ?? ['complete', ...s.cases.filter((c) => c !== 'complete')];
}

/** A method's stage in a scenario, defaults filled in. */
export function methodStage(s: Pick<Scenario, 'training'>, method: Method): ResolvedMethodStage {
  const given = s.training[method] ?? {};
  const defaults = METHOD_STAGE_DEFAULTS[method];
  const { lrGrid, ...rest } = given;
  const stage = StageTrainingSchema.parse({
    ...defaults,
    recipe: NO_RECIPE,
    ...rest,
    lr: rest.lr ?? lrGrid?.[0] ?? defaults.lr,
  });
  return lrGrid ? { stage, lrs: lrGrid, grid: true } : { stage, lrs: [stage.lr], grid: false };
}
