import type { BackendName, BackendReport } from '@shared/domain/backend';
import type { RunConfig } from '@shared/domain/records';
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
  /**
   * Cooperative control, read by the worker between steps: 0 continue, 1 pause at the next epoch
   * end, 2 cancel now. Shared memory, so that a busy training loop sees it without a message.
   */
  control: SharedArrayBuffer;
}

export const CONTROL_CONTINUE = 0;
export const CONTROL_PAUSE = 1;
export const CONTROL_CANCEL = 2;

export type MainToWorker = { type: 'train'; job: TrainJob } | { type: 'shutdown' };

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
      evaluation: Evaluation;
      mistakes: [number, number, number][];
    }
  | { type: 'efficiency'; runId: number; efficiency: Efficiency }
  | { type: 'attention'; runId: number; snapshot: AttentionSnapshot }
  | { type: 'finished'; runId: number; outcome: 'done' | 'paused' | 'cancelled' }
  | { type: 'failed'; runId: number; message: string };
