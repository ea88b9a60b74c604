import type { CreateRun } from '@shared/api/methods/runs';
import { CASES } from '@shared/domain/cases';
import { AUDIO_NOISES, DEFAULT_CORRUPTION, VISUAL_NOISES } from '@shared/domain/corruption';
import { INPUT_PROMPT_MODES, METHODS } from '@shared/domain/methods';
import { PRESETS } from '@shared/domain/model';
import type { TrainingRecipe } from '@shared/domain/recipe';
import { CHECKPOINT_CHOICES } from '@shared/domain/selection';
import { SAMPLERS, type Sampler } from '@shared/domain/training';
import type { Command } from 'commander';
import { resolveDatasetRef } from '../dataset-ref';
import { callApi, printJson } from '../output';
import {
  fraction,
  listOf,
  nonNegativeNumber,
  oneOf,
  positiveInt,
  positiveNumber,
  wholeNumber,
} from '../parsers';
import { mustTrainHere } from '../queue-holder';
import { recipeOption } from '../recipe-option';
import { withRuntime } from '../runtime';
import { watchRuns } from '../watch-runs';
import { printRunSummary } from './run-summary';

interface TrainFlags {
  dataset: string;
  method: CreateRun['training']['method'];
  case: CreateRun['training']['case'];
  epochs: number;
  batchSize: number;
  lr: number;
  seed: number;
  weightDecay: number;
  optimizer: 'adam' | 'adamw';
  schedule: 'constant' | 'cosine';
  warmup: number;
  labelSmoothing: number;
  clipNorm: number;
  backbone?: number;
  preset: (typeof PRESETS)[number];
  promptLength: number;
  attentionPromptLength: number;
  inputPromptMode: (typeof INPUT_PROMPT_MODES)[number];
  loraRank: number;
  adapterBottleneck: number;
  recipe?: TrainingRecipe;
  convStem?: boolean;
  auxHeads?: boolean;
  severity: number;
  rate: number;
  audioNoise: (typeof AUDIO_NOISES)[number][];
  visualNoise: (typeof VISUAL_NOISES)[number][];
  evalCases?: (typeof CASES)[number][];
  checkpoint: (typeof CHECKPOINT_CHOICES)[number];
  sampler: Sampler;
  detach?: boolean;
}

export function registerTrain(program: Command): void {
  program
    .command('train')
    .description(
      'train one run (FT from scratch, or PL/LoRA/Adapter/linear/FT adapted from a --backbone FT run)',
    )
    .requiredOption(
      '--dataset <id>',
      'dataset id (see `avlab dataset list`), or a kind/name: its newest dataset',
    )
    .requiredOption('--method <m>', `one of ${METHODS.join(', ')}`, oneOf(METHODS))
    .option('--case <c>', `degradation case trained: ${CASES.join(', ')}`, oneOf(CASES), 'complete')
    .option('--epochs <n>', 'epochs', positiveInt, 50)
    .option('--batch-size <n>', 'batch size', positiveInt, 16)
    .option('--lr <x>', 'peak learning rate', positiveNumber, 1e-4)
    .option('--seed <n>', 'seed (init, batches, corruption)', wholeNumber, 0)
    .option('--weight-decay <x>', 'weight decay', nonNegativeNumber, 0.01)
    .option('--optimizer <o>', 'adam or adamw', oneOf(['adam', 'adamw'] as const), 'adamw')
    .option(
      '--schedule <s>',
      'constant or cosine (after warm-up)',
      oneOf(['constant', 'cosine'] as const),
      'cosine',
    )
    .option('--warmup <epochs>', 'warm-up epochs', nonNegativeNumber, 1)
    .option('--label-smoothing <x>', 'label smoothing', fraction, 0)
    .option('--clip-norm <x>', 'global gradient-norm clip, 0 = off', nonNegativeNumber, 1)
    .option('--backbone <run>', 'FT run whose weights this run adapts', positiveInt)
    .option('--preset <p>', `model size: ${PRESETS.join(', ')}`, oneOf(PRESETS), 'tiny')
    .option('--prompt-length <n>', 'input-level prompt tokens per modality', wholeNumber, 8)
    .option(
      '--attention-prompt-length <n>',
      'attention-level prompt tokens per modality and fusion block',
      wholeNumber,
      8,
    )
    .option('--input-prompt-mode <m>', 'deep or readonly', oneOf(INPUT_PROMPT_MODES), 'deep')
    .option('--lora-rank <n>', 'LoRA rank', positiveInt, 8)
    .option('--adapter-bottleneck <n>', 'Adapter bottleneck width', positiveInt, 32)
    .option('--severity <s>', 'corruption severity 0..1', fraction, DEFAULT_CORRUPTION.severity)
    .option('--rate <eta>', 'share of samples degraded (missing/noise rate η)', fraction, 1)
    .option('--audio-noise <list>', 'audio noise types', listOf(AUDIO_NOISES), [...AUDIO_NOISES])
    .option('--visual-noise <list>', 'visual noise types', listOf(VISUAL_NOISES), [
      ...VISUAL_NOISES,
    ])
    .option(
      '--eval-cases <list>',
      'cases to evaluate on (default: complete + the trained case)',
      listOf(CASES),
    )
    .option(
      '--checkpoint <c>',
      'weights evaluated and adapted from: best-val (best validation epoch) or last',
      oneOf(CHECKPOINT_CHOICES),
      'best-val',
    )
    .option(
      '--recipe <r>',
      'training remedies: default (DEFAULT_BACKBONE_RECIPE; needs --conv-stem --aux-heads), none, or TrainingRecipe JSON',
      recipeOption,
    )
    .option(
      '--sampler <s>',
      'epoch sampling: uniform (every sample once) or balanced (drawn by 1 / label frequency, AudioSet-style)',
      oneOf(SAMPLERS),
      'uniform',
    )
    .option('--conv-stem', 'convolutional stems before the patch embeddings')
    .option('--aux-heads', 'unimodal auxiliary heads (for the recipe auxLossWeight)')
    .option(
      '--detach',
      'queue the run and return without waiting (a running app or server trains it)',
    )
    .action((flags: TrainFlags, command: Command) =>
      withRuntime(command, async (runtime, globals) => {
        const log = (line: string) => {
          if (!globals.json) process.stderr.write(`${line}\n`);
        };
        if (!flags.detach) mustTrainHere(runtime, 'avlab train');
        const run = await callApi(runtime, 'runs.create', {
          datasetId: await resolveDatasetRef(runtime.ctx.layout.root, flags.dataset, log),
          backboneRunId: flags.backbone,
          checkpoint: flags.checkpoint,
          training: {
            method: flags.method,
            case: flags.case,
            epochs: flags.epochs,
            batchSize: flags.batchSize,
            lr: flags.lr,
            weightDecay: flags.weightDecay,
            optimizer: flags.optimizer,
            schedule: flags.schedule,
            warmupEpochs: flags.warmup,
            labelSmoothing: flags.labelSmoothing,
            clipNorm: flags.clipNorm,
            seed: flags.seed,
            recipe: flags.recipe,
            // Uniform is an absent sampler: the config (and its hash) as before samplers existed.
            ...(flags.sampler === 'balanced' ? { sampler: flags.sampler } : {}),
          },
          model: {
            preset: flags.preset,
            inputPromptLength: flags.promptLength,
            attentionPromptLength: flags.attentionPromptLength,
            inputPromptMode: flags.inputPromptMode,
            loraRank: flags.loraRank,
            adapterBottleneck: flags.adapterBottleneck,
            convStem: flags.convStem ?? false,
            auxHeads: flags.auxHeads ?? false,
          },
          corruption: {
            audioNoises: flags.audioNoise,
            visualNoises: flags.visualNoise,
            severity: flags.severity,
            rate: flags.rate,
          },
          evaluation: flags.evalCases
            ? { cases: flags.evalCases, promptings: ['situation'] }
            : undefined,
        });
        if (!flags.detach) await watchRuns(runtime, [run.id], globals.json);
        const detail = await callApi(runtime, 'runs.get', { id: run.id });
        if (globals.json) printJson(detail);
        else printRunSummary(detail);
        if (detail.run.status === 'failed' || detail.run.status === 'interrupted')
          process.exitCode = 1;
      }),
    );
}
