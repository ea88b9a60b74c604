import type { Case } from '@shared/domain/cases';
import type { AudioNoise, VisualNoise } from '@shared/domain/corruption';
import { DEFAULT_CORRUPTION } from '@shared/domain/corruption';
import type { InputPromptMode, Method, Prompting } from '@shared/domain/methods';
import type { Preset } from '@shared/domain/model';
import { METHOD_STAGE_DEFAULTS, type Scenario, ScenarioSchema } from '@shared/domain/scenario';

/** A stage's hyper-parameters while being edited: a cleared number field is `undefined`. */
export interface StageDraft {
  epochs?: number;
  batchSize?: number;
  lr?: number;
  weightDecay?: number;
  optimizer: 'adam' | 'adamw';
  schedule: 'constant' | 'cosine';
  warmupEpochs?: number;
  labelSmoothing?: number;
  clipNorm?: number;
  /** Epoch sampling; absent = uniform (every sample once per epoch). */
  sampler?: 'uniform' | 'balanced';
  /** Kept as a loaded spec gives them (the wizard has no inputs for them). */
  lrGrid?: number[];
  checkpoint?: 'best-val' | 'last';
  recipe?: unknown;
  /** Backbone stage only: the imported backbone it starts from (absent: trained from scratch). */
  from?: string;
}

/** The wizard's working copy of a scenario: same shape as the spec JSON, numbers may be unset. */
export interface ScenarioDraft {
  name: string;
  datasetId: string;
  cases: Case[];
  methods: Method[];
  corruption: { audioNoises: AudioNoise[]; visualNoises: VisualNoise[]; severity?: number };
  missingRates: number[];
  model: {
    preset: Preset;
    inputPromptLength?: number;
    attentionPromptLength?: number;
    inputPromptMode: InputPromptMode;
    loraRank?: number;
    adapterBottleneck?: number;
    /** Absent: the preset's count, or one new block on an imported backbone. */
    fusionBlocks?: number;
  };
  backbone: StageDraft;
  /** Each selected method's own stage; a method without one gets its defaults (methodDraft). */
  training: Partial<Record<Method, StageDraft>>;
  seeds: number[];
  evaluation?: { cases: Case[]; promptings: Prompting[] };
}

/** Field path (dots, as zod reports it) → the first message for it. */
export type FieldErrors = Record<string, string>;

const STAGE_DEFAULTS = {
  weightDecay: 0.01,
  optimizer: 'adamw',
  schedule: 'cosine',
  warmupEpochs: 1,
  labelSmoothing: 0,
  clipNorm: 1,
} as const;

/** A method's stage as the wizard starts it: the method's defaults (fine-tuning vs prompts). */
export function methodDraft(method: Method): StageDraft {
  return { ...STAGE_DEFAULTS, ...METHOD_STAGE_DEFAULTS[method] };
}

/** The draft as the schema reads it: exactly one stage per selected method. */
function withMethodStages(draft: ScenarioDraft): ScenarioDraft {
  return {
    ...draft,
    training: Object.fromEntries(
      draft.methods.map((m) => [m, draft.training[m] ?? methodDraft(m)]),
    ),
  };
}

export function defaultDraft(datasetId = ''): ScenarioDraft {
  return {
    name: 'FT vs PL',
    datasetId,
    cases: ['noisy_audio', 'noisy_visual', 'noisy_both'],
    methods: ['ft', 'pl'],
    corruption: {
      audioNoises: [...DEFAULT_CORRUPTION.audioNoises],
      visualNoises: [...DEFAULT_CORRUPTION.visualNoises],
      severity: DEFAULT_CORRUPTION.severity,
    },
    missingRates: [1],
    model: {
      preset: 'tiny',
      inputPromptLength: 8,
      attentionPromptLength: 8,
      inputPromptMode: 'deep',
      loraRank: 8,
      adapterBottleneck: 32,
    },
    backbone: { ...STAGE_DEFAULTS, epochs: 10, batchSize: 32, lr: 0.001 },
    training: { ft: methodDraft('ft'), pl: methodDraft('pl') },
    seeds: [0],
  };
}

/** Validates with the shared ScenarioSchema: the scenario when valid, and every field's message. */
export function validateDraft(draft: ScenarioDraft): {
  scenario: Scenario | null;
  errors: FieldErrors;
} {
  const parsed = ScenarioSchema.safeParse(withMethodStages(draft));
  if (parsed.success) return { scenario: parsed.data, errors: {} };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const path = issue.path.map(String).join('.') || 'scenario';
    errors[path] ??= issue.message;
  }
  return { scenario: null, errors };
}

/** The message for a field, including its items' (`seeds` shows the error of `seeds.2`). */
export function errorFor(errors: FieldErrors, path: string): string | undefined {
  if (errors[path]) return errors[path];
  const prefix = `${path}.`;
  for (const [key, message] of Object.entries(errors)) {
    if (key.startsWith(prefix)) return `${key.slice(prefix.length)}: ${message}`;
  }
  return undefined;
}

/** The fields each wizard step owns, so "Next" stops on the step that has a problem. */
export const STEP_FIELDS: string[][] = [
  ['name', 'datasetId'],
  ['cases', 'corruption', 'missingRates', 'evaluation'],
  [
    'methods',
    'model.inputPromptLength',
    'model.attentionPromptLength',
    'model.inputPromptMode',
    'model.loraRank',
    'model.adapterBottleneck',
  ],
  ['model.preset', 'model.fusionBlocks', 'backbone', 'training'],
  ['seeds'],
  [],
];

export function stepErrors(errors: FieldErrors, step: number): string[] {
  const fields = STEP_FIELDS[step] ?? [];
  return Object.keys(errors).filter((key) =>
    fields.some((f) => key === f || key.startsWith(`${f}.`)),
  );
}

/** The step a field belongs to; unknown fields go to the review step. */
export function stepOfField(path: string): number {
  const step = STEP_FIELDS.findIndex((fields) =>
    fields.some((f) => path === f || path.startsWith(`${f}.`)),
  );
  return step < 0 ? STEP_FIELDS.length - 1 : step;
}

/** "0, 1, 2" → [0, 1, 2]; a token that is not a number stays as NaN for the schema to name. */
export function parseNumberList(text: string): number[] {
  return text
    .split(/[\s,;]+/)
    .filter((t) => t.length > 0)
    .map((t) => Number(t));
}

/**
 * A spec JSON (the format of experiments/*.json) over the defaults: nested groups are merged so a
 * spec that leaves out, say, `weightDecay` keeps the default; the schema then checks the result.
 */
export function draftFromSpec(spec: unknown, fallbackDatasetId = ''): ScenarioDraft {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec))
    throw new Error('An experiment spec is a JSON object with name, datasetId, cases, methods, …');
  const base = defaultDraft(fallbackDatasetId);
  const s = spec as Record<string, unknown>;
  const group = <T extends object>(key: string, fallback: T): T =>
    typeof s[key] === 'object' && s[key] !== null
      ? { ...fallback, ...(s[key] as object) }
      : fallback;
  return {
    ...base,
    ...(s as Partial<ScenarioDraft>),
    corruption: group('corruption', base.corruption),
    model: group('model', base.model),
    backbone: group('backbone', base.backbone),
    // Each method's stage as the spec gives it: what it leaves out, the schema fills with the
    // method's defaults (the training step shows them).
    training:
      typeof s.training === 'object' && s.training !== null
        ? (s.training as ScenarioDraft['training'])
        : base.training,
  };
}

/** The spec JSON a valid scenario is saved as (loads back through draftFromSpec). */
export function specJson(scenario: Scenario): string {
  return `${JSON.stringify(scenario, null, 2)}\n`;
}
