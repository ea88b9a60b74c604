import type { Case } from '@shared/domain/cases';
import type { Prompting } from '@shared/domain/methods';
import type {
  CheckpointRecord,
  EfficiencyRecord,
  EpochMetricsRecord,
  EvaluationRecord,
  EvaluationSplit,
} from '@shared/domain/records';
import { type CheckpointChoice, selectedEpoch } from '@shared/domain/selection';
import type {
  AttentionSnapshot,
  Efficiency,
  EpochMetrics,
  Evaluation,
} from '@shared/domain/training';
import type { Db } from '../connection';
import { nowIso } from '../json-column';

interface EvaluationRow {
  id: number;
  run_id: number;
  case_name: Case;
  prompting: Prompting;
  missing_rate: number;
  split: EvaluationSplit;
  ad_hoc: number;
  accuracy: number;
  macro_f1: number;
  confusion: string;
  samples: number;
  mistakes: string;
  map: number | null;
  auc: number | null;
  multi_label: string | null;
  created_at: string;
}

const toEvaluation = (row: EvaluationRow): EvaluationRecord => ({
  id: row.id,
  runId: row.run_id,
  case: row.case_name,
  prompting: row.prompting,
  missingRate: row.missing_rate,
  split: row.split,
  adHoc: row.ad_hoc === 1,
  accuracy: row.accuracy,
  macroF1: row.macro_f1,
  confusion: JSON.parse(row.confusion),
  samples: row.samples,
  mistakes: JSON.parse(row.mistakes),
  ...(row.multi_label === null
    ? {}
    : { multiLabel: { map: row.map, auc: row.auc, ...JSON.parse(row.multi_label) } }),
  createdAt: row.created_at,
});

/** Misclassified samples of an evaluation as [sampleIndex, true, predicted] rows. */
export type Mistake = [number, number, number];

/** Where an evaluation belongs: its split, and whether a person asked for it outside the grid. */
export interface EvaluationScope {
  split: EvaluationSplit;
  adHoc: boolean;
}

export const PROTOCOL_TEST: EvaluationScope = { split: 'test', adHoc: false };

/** What runs produce: epoch metrics, evaluations, efficiency, checkpoints, attention snapshots. */
export class ResultsRepository {
  private readonly stmts;

  constructor(private readonly db: Db) {
    this.stmts = {
      epoch: db.prepare(
        `INSERT INTO epoch_metrics (run_id, epoch, train_loss, train_accuracy, val_loss, val_accuracy, val_map, lr,
                                    seconds, samples_per_sec)
         VALUES (@runId, @epoch, @trainLoss, @trainAccuracy, @valLoss, @valAccuracy, @valMap, @lr, @seconds,
                 @samplesPerSec)
         ON CONFLICT (run_id, epoch) DO UPDATE SET train_loss = excluded.train_loss,
           train_accuracy = excluded.train_accuracy, val_loss = excluded.val_loss,
           val_accuracy = excluded.val_accuracy, val_map = excluded.val_map, lr = excluded.lr,
           seconds = excluded.seconds, samples_per_sec = excluded.samples_per_sec`,
      ),
      epochsOf: db.prepare<[number], EpochMetricsRecord & { valMap: number | null }>(
        `SELECT run_id AS runId, epoch, train_loss AS trainLoss, train_accuracy AS trainAccuracy, val_loss AS valLoss,
                val_accuracy AS valAccuracy, val_map AS valMap, lr, seconds, samples_per_sec AS samplesPerSec
         FROM epoch_metrics WHERE run_id = ? ORDER BY epoch`,
      ),
      dropEpochsAfter: db.prepare<[number, number]>(
        'DELETE FROM epoch_metrics WHERE run_id = ? AND epoch > ?',
      ),
      evaluation: db.prepare(
        `INSERT INTO evaluations (run_id, case_name, prompting, missing_rate, split, ad_hoc, accuracy, macro_f1,
                                  confusion, samples, mistakes, map, auc, multi_label, created_at)
         VALUES (@runId, @case, @prompting, @missingRate, @split, @adHoc, @accuracy, @macroF1, @confusion, @samples,
                 @mistakes, @map, @auc, @multiLabel, @createdAt)
         ON CONFLICT (run_id, case_name, prompting, missing_rate, split, ad_hoc) DO UPDATE SET accuracy = excluded.accuracy,
           macro_f1 = excluded.macro_f1, confusion = excluded.confusion, samples = excluded.samples,
           mistakes = excluded.mistakes, map = excluded.map, auc = excluded.auc,
           multi_label = excluded.multi_label, created_at = excluded.created_at`,
      ),
      evaluationsOf: db.prepare<[number], EvaluationRow>(
        'SELECT * FROM evaluations WHERE run_id = ? ORDER BY id',
      ),
      evaluationsOfExperiment: db.prepare<
        [{ experimentId: number; includeAdHoc: number; includeUnselected: number }],
        EvaluationRow
      >(
        `SELECT e.* FROM evaluations e JOIN runs r ON r.id = e.run_id
         WHERE r.experiment_id = @experimentId
           AND (@includeAdHoc OR e.ad_hoc = 0)
           AND (@includeUnselected OR r.selection IS NULL OR r.selection = 'selected')
         ORDER BY e.id`,
      ),
      efficiency: db.prepare(
        `INSERT INTO efficiency (run_id, backend, total_params, trainable_params, peak_tensor_bytes, peak_rss_bytes,
                                 seconds_per_epoch, train_samples_per_sec, workers, matmul, matmul_threads)
         VALUES (@runId, @backend, @totalParams, @trainableParams, @peakTensorBytes, @peakRssBytes, @secondsPerEpoch,
                 @trainSamplesPerSec, @workers, @matmul, @matmulThreads)
         ON CONFLICT (run_id) DO UPDATE SET backend = excluded.backend, total_params = excluded.total_params,
           trainable_params = excluded.trainable_params, peak_tensor_bytes = excluded.peak_tensor_bytes,
           peak_rss_bytes = excluded.peak_rss_bytes, seconds_per_epoch = excluded.seconds_per_epoch,
           train_samples_per_sec = excluded.train_samples_per_sec, workers = excluded.workers,
           matmul = excluded.matmul, matmul_threads = excluded.matmul_threads`,
      ),
      efficiencyOf: db.prepare<[number], EfficiencyRecord>(
        `SELECT run_id AS runId, backend, total_params AS totalParams, trainable_params AS trainableParams,
                peak_tensor_bytes AS peakTensorBytes, peak_rss_bytes AS peakRssBytes,
                seconds_per_epoch AS secondsPerEpoch, train_samples_per_sec AS trainSamplesPerSec,
                workers, matmul, matmul_threads AS matmulThreads
         FROM efficiency WHERE run_id = ?`,
      ),
      checkpoint: db.prepare(
        `INSERT INTO checkpoints (run_id, epoch, path, sha256, bytes, created_at)
         VALUES (@runId, @epoch, @path, @sha256, @bytes, @createdAt)
         ON CONFLICT (run_id, epoch) DO UPDATE SET path = excluded.path, sha256 = excluded.sha256,
           bytes = excluded.bytes, created_at = excluded.created_at`,
      ),
      checkpointsOf: db.prepare<[number], CheckpointRecord>(
        `SELECT id, run_id AS runId, epoch, path, sha256, bytes, created_at AS createdAt
         FROM checkpoints WHERE run_id = ? ORDER BY epoch`,
      ),
      olderCheckpoints: db.prepare<[number, number, number], { path: string }>(
        'SELECT path FROM checkpoints WHERE run_id = ? AND epoch < ? AND epoch <> ?',
      ),
      dropOlderCheckpoints: db.prepare<[number, number, number]>(
        'DELETE FROM checkpoints WHERE run_id = ? AND epoch < ? AND epoch <> ?',
      ),
      attention: db.prepare(
        `INSERT INTO attention_snapshots (run_id, case_name, prompting, sample_index, snapshot, created_at)
         VALUES (@runId, @case, @prompting, @sampleIndex, @snapshot, @createdAt)
         ON CONFLICT (run_id, case_name, prompting, sample_index) DO UPDATE SET snapshot = excluded.snapshot,
           created_at = excluded.created_at`,
      ),
      attentionOf: db.prepare<[number, string, string, number], { snapshot: string }>(
        `SELECT snapshot FROM attention_snapshots
         WHERE run_id = ? AND case_name = ? AND prompting = ? AND sample_index = ?`,
      ),
      attentionShares: db.prepare<[number], { snapshot: string }>(
        'SELECT snapshot FROM attention_snapshots WHERE run_id = ? ORDER BY id',
      ),
    };
  }

  addEpoch(runId: number, m: EpochMetrics): void {
    this.stmts.epoch.run({ runId, ...m, valMap: m.valMap ?? null });
  }

  epochs(runId: number): EpochMetricsRecord[] {
    // val_map is null for single-label runs and older rows: absent, as the schema has it.
    return this.stmts.epochsOf
      .all(runId)
      .map(({ valMap, ...rest }) => (valMap === null ? rest : { ...rest, valMap }));
  }

  /** Resuming from epoch k: metrics of later epochs came from the lost attempt and go. */
  dropEpochsAfter(runId: number, epoch: number): void {
    this.stmts.dropEpochsAfter.run(runId, epoch);
  }

  addEvaluation(
    runId: number,
    missingRate: number,
    e: Evaluation,
    mistakes: Mistake[],
    scope: EvaluationScope = PROTOCOL_TEST,
  ): void {
    this.stmts.evaluation.run({
      runId,
      case: e.case,
      prompting: e.prompting,
      missingRate,
      split: scope.split,
      adHoc: scope.adHoc ? 1 : 0,
      accuracy: e.accuracy,
      macroF1: e.macroF1,
      confusion: JSON.stringify(e.confusion),
      samples: e.samples,
      mistakes: JSON.stringify(mistakes),
      ...multiLabelColumns(e),
      createdAt: nowIso(),
    });
  }

  evaluations(runId: number): EvaluationRecord[] {
    return this.stmts.evaluationsOf.all(runId).map(toEvaluation);
  }

  /**
   * An experiment's evaluations, both splits. By default without ad hoc ones (asked for outside
   * the spec's grid) and without those of learning-rate grid points validation did not select.
   */
  experimentEvaluations(
    experimentId: number,
    include: { adHoc?: boolean; unselected?: boolean } = {},
  ): EvaluationRecord[] {
    return this.stmts.evaluationsOfExperiment
      .all({
        experimentId,
        includeAdHoc: include.adHoc ? 1 : 0,
        includeUnselected: include.unselected ? 1 : 0,
      })
      .map(toEvaluation);
  }

  setEfficiency(runId: number, e: Efficiency): void {
    this.stmts.efficiency.run({
      runId,
      ...e,
      workers: e.workers ?? null,
      matmul: e.matmul ?? null,
      matmulThreads: e.matmulThreads ?? null,
    });
  }

  efficiency(runId: number): EfficiencyRecord | null {
    const row = this.stmts.efficiencyOf.get(runId);
    if (!row) return null;
    // Columns added by migration 7 are null for older runs: absent, as the schema has them.
    const { workers, matmul, matmulThreads, ...rest } = row;
    return {
      ...rest,
      ...(workers != null ? { workers } : {}),
      ...(matmul != null ? { matmul } : {}),
      ...(matmulThreads != null ? { matmulThreads } : {}),
    };
  }

  addCheckpoint(c: Omit<CheckpointRecord, 'id' | 'createdAt'>): void {
    this.stmts.checkpoint.run({ ...c, createdAt: nowIso() });
  }

  checkpoints(runId: number): CheckpointRecord[] {
    return this.stmts.checkpointsOf.all(runId);
  }

  latestCheckpoint(runId: number): CheckpointRecord | null {
    return this.checkpoints(runId).at(-1) ?? null;
  }

  /**
   * Forgets a run's checkpoints before `epoch` but the one its checkpoint choice picks (so far:
   * for best-val, the epoch best on validation); returns their files, for the caller to delete.
   */
  pruneCheckpointsBefore(runId: number, epoch: number, keep: CheckpointChoice = 'last'): string[] {
    const kept = keep === 'last' ? -1 : (selectedEpoch(this.epochs(runId), keep) ?? -1);
    const paths = this.stmts.olderCheckpoints.all(runId, epoch, kept).map((r) => r.path);
    this.stmts.dropOlderCheckpoints.run(runId, epoch, kept);
    return paths;
  }

  /**
   * The checkpoint a run is evaluated and adapted from: the latest for `last`; for best-val the
   * epoch best on validation (the latest while no epoch was validated). Null before any epoch.
   */
  chosenCheckpoint(runId: number, choice: CheckpointChoice): CheckpointRecord | null {
    const checkpoints = this.checkpoints(runId);
    if (choice === 'last') return checkpoints.at(-1) ?? null;
    const epoch = selectedEpoch(this.epochs(runId), choice);
    return checkpoints.find((c) => c.epoch === epoch) ?? null;
  }

  saveAttention(runId: number, s: AttentionSnapshot): void {
    this.stmts.attention.run({
      runId,
      case: s.case,
      prompting: s.prompting,
      sampleIndex: s.sampleIndex,
      snapshot: JSON.stringify(s),
      createdAt: nowIso(),
    });
  }

  attention(
    runId: number,
    c: Case,
    prompting: Prompting,
    sampleIndex: number,
  ): AttentionSnapshot | null {
    const row = this.stmts.attentionOf.get(runId, c, prompting, sampleIndex);
    return row ? (JSON.parse(row.snapshot) as AttentionSnapshot) : null;
  }

  attentionSnapshots(runId: number): AttentionSnapshot[] {
    return this.stmts.attentionShares
      .all(runId)
      .map((r) => JSON.parse(r.snapshot) as AttentionSnapshot);
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }
}

/** The multi-label columns of an evaluation (all null for a single-label one). */
function multiLabelColumns(e: Evaluation) {
  if (!e.multiLabel) return { map: null, auc: null, multiLabel: null };
  const { map, auc, ...rest } = e.multiLabel;
  return { map, auc, multiLabel: JSON.stringify(rest) };
}
