import { z } from 'zod';
import { CaseSchema } from './cases';
import { CorruptionConfigSchema, DEFAULT_CORRUPTION } from './corruption';
import { InputPromptModeSchema, MethodSchema, PromptingSchema } from './methods';
import { PresetSchema } from './model';
import { TrainingRecipeSchema } from './recipe';
import { OptimizerSchema, ScheduleSchema } from './training';

/** Hyper-parameters shared by every run of one stage of a scenario. */
export const StageTrainingSchema = z.object({
  epochs: z.number().int().min(1).max(10_000),
  batchSize: z.number().int().min(1).max(4096),
  lr: z.number().positive().max(10),
  weightDecay: z.number().min(0).max(1).default(0.01),
  optimizer: OptimizerSchema.default('adamw'),
  schedule: ScheduleSchema.default('cosine'),
  warmupEpochs: z.number().min(0).default(1),
  labelSmoothing: z.number().min(0).max(0.5).default(0),
  clipNorm: z.number().min(0).default(1),
  recipe: TrainingRecipeSchema.default(TrainingRecipeSchema.parse({})),
});
export type StageTraining = z.infer<typeof StageTrainingSchema>;

/** The model size and the parameter-efficient parts' sizes. */
export const ScenarioModelSchema = z.object({
  preset: PresetSchema.default('tiny'),
  inputPromptLength: z.number().int().min(0).max(256).default(8),
  attentionPromptLength: z.number().int().min(0).max(256).default(8),
  inputPromptMode: InputPromptModeSchema.default('deep'),
  loraRank: z.number().int().min(1).max(256).default(8),
  adapterBottleneck: z.number().int().min(1).max(1024).default(32),
  /** Convolutional stems before the patch embeddings (small data trains ViTs poorly without). */
  convStem: z.boolean().default(false),
  /** Unimodal auxiliary heads (audio-only and visual-only), for TrainingRecipe.auxLossWeight. */
  auxHeads: z.boolean().default(false),
});
export type ScenarioModel = z.infer<typeof ScenarioModelSchema>;

/**
 * A whole experiment, as the reference protocol runs it:
 * (a) per seed, a backbone fully fine-tuned on complete data;
 * (b) per seed × case × missing rate × method, a run adapted from that backbone
 *     (PL prompts on the frozen backbone, FT on the case, LoRA, Adapter);
 * (c) every model evaluated on every evaluation case, situation-specific and concat-based.
 */
export const ScenarioSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    datasetId: z.string().min(1),
    /** Degradation cases that get a run of each method (`complete` is the backbone's). */
    cases: z.array(CaseSchema).min(1),
    methods: z.array(MethodSchema).min(1),
    corruption: CorruptionConfigSchema.omit({ rate: true }).default({
      audioNoises: DEFAULT_CORRUPTION.audioNoises,
      visualNoises: DEFAULT_CORRUPTION.visualNoises,
      severity: DEFAULT_CORRUPTION.severity,
    }),
    /** η values: the share of samples degraded, in training and test alike. */
    missingRates: z.array(z.number().min(0).max(1)).min(1).default([1]),
    model: ScenarioModelSchema.default(ScenarioModelSchema.parse({})),
    backbone: StageTrainingSchema,
    adaptation: StageTrainingSchema,
    seeds: z.array(z.number().int().min(0)).min(1).max(100),
    evaluation: z
      .object({
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
  });
export type Scenario = z.infer<typeof ScenarioSchema>;
export type ScenarioInput = z.input<typeof ScenarioSchema>;

/** The cases every model is evaluated on: the listed ones, or complete + the trained cases. */
export function evaluationCases(s: Scenario): z.infer<typeof CaseSchema>[] {
  return s.evaluation?.cases ?? ['complete', ...s.cases.filter((c) => c !== 'complete')];
}
