import type { AveragedAttention } from '@shared/domain/attention-average';
import type { BackendName, BackendReport } from '@shared/domain/backend';
import type { Case } from '@shared/domain/cases';
import type { Prompting } from '@shared/domain/methods';
import type { EvaluationSplit, RunConfig } from '@shared/domain/records';
import type {
  AttentionSnapshot,
  Efficiency,
  EpochMetrics,
  Evaluation,
  StepProgress,
} from '@shared/domain/training';

/** What the worker is asked to do for one run. */
export interface TrainJob {
  runId: number;
  datasetId: string;
  /** The data directory (datasets, feature caches, checkpoints). */
  dataDir: string;
  config: RunConfig;
  /** The backbone this run adapts (PL, LoRA, Adapter, FT on a case); null to start from scratch. */
  parentCheckpoint: string | null;
  /** Continue from this checkpoint of the same run (resume after pause, crash or kill). */
  resumeCheckpoint: string | null;
  /** Where this run's epoch checkpoints go. */
  checkpointDir: string;
  backendOverride: BackendName | null;
  /** Cores this run may use: it trains data-parallel over that many threads (on wasm). */
  cores: number;
  /**
   * Cooperative control, read by the worker between steps: 0 continue, 1 pause at the next epoch
   * end, 2 cancel now. Shared memory, so that a busy training loop sees it without a message.
   */
  control: SharedArrayBuffer;
}

export const CONTROL_CONTINUE = 0;
export const CONTROL_PAUSE = 1;
export const CONTROL_CANCEL = 2;

/** A prompt set to load for concat-based prompting: the case, and the run checkpoint holding it. */
export interface PromptSource {
  case: Case;
  checkpoint: string;
}

/** A short job on a finished run: one evaluation, one attention capture, or an attention average. */
export interface RunTask {
  taskId: number;
  kind: 'evaluate' | 'attention' | 'attention-average';
  runId: number;
  datasetId: string;
  dataDir: string;
  config: RunConfig;
  /**
   * The weights to load: the run's chosen checkpoint (best-val or last); for concat-based
   * prompting the family's backbone, whose head every prompt set was trained over.
   */
  checkpoint: string;
  backendOverride: BackendName | null;
  case: Case;
  prompting: Prompting;
  missingRate: number;
  /** For evaluations: the split evaluated, and whether it lies outside the spec's grid. */
  split: EvaluationSplit;
  adHoc: boolean;
  /** For attention: the dataset sample to look at. */
  sampleIndex?: number;
  /** For an attention average: the dataset samples averaged over. */
  sampleIndices?: number[];
  /** For concat-based prompting: every prompt set of the family, each from its run's checkpoint. */
  promptSources?: PromptSource[];
}

export type MainToWorker =
  | { type: 'train'; job: TrainJob }
  | { type: 'task'; task: RunTask }
  | { type: 'shutdown' };

export interface CheckpointWritten {
  epoch: number;
  path: string;
  sha256: string;
  bytes: number;
}

export type WorkerToMain =
  | { type: 'backend'; report: BackendReport }
  | { type: 'progress'; runId: number; progress: StepProgress }
  | { type: 'epoch'; runId: number; metrics: EpochMetrics; checkpoint: CheckpointWritten }
  | {
      type: 'evaluation';
      runId: number;
      missingRate: number;
      split: EvaluationSplit;
      adHoc: boolean;
      evaluation: Evaluation;
      mistakes: [number, number, number][];
    }
  | { type: 'efficiency'; runId: number; efficiency: Efficiency }
  | { type: 'attention'; runId: number; snapshot: AttentionSnapshot }
  /** Not stored: the main side hands it to the caller that asked (JobQueue.averageAttention). */
  | {
      type: 'attention-average';
      taskId: number;
      result: Pick<
        AveragedAttention,
        'samples' | 'audioGrid' | 'visualGrid' | 'maps' | 'promptShare'
      >;
    }
  | { type: 'finished'; runId: number; outcome: 'done' | 'paused' | 'cancelled' }
  | { type: 'failed'; runId: number; message: string }
  | { type: 'task-done'; taskId: number }
  | { type: 'task-failed'; taskId: number; message: string };
