import { type BackendName, type BackendReport, RunComputeSchema } from '@shared/domain/backend';
import type { Case } from '@shared/domain/cases';
import type { Method } from '@shared/domain/methods';
import {
  type RunConfig,
  RunConfigSchema,
  type RunRecord,
  type RunRole,
  type RunSelection,
  type RunStatus,
} from '@shared/domain/records';
import type { Db } from '../connection';
import { nowIso, parseJsonColumn } from '../json-column';

interface RunRow {
  id: number;
  experiment_id: number | null;
  parent_run_id: number | null;
  dataset_id: string;
  role: RunRole;
  method: Method;
  case_name: Case;
  missing_rate: number;
  seed: number;
  config: string;
  status: RunStatus;
  backend: BackendName | null;
  compute: string | null;
  error: string | null;
  epochs_done: number;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  selection: RunSelection | null;
}

export interface NewRun {
  experimentId: number | null;
  parentRunId: number | null;
  datasetId: string;
  role: RunRole;
  config: RunConfig;
}

const toRecord = (row: RunRow): RunRecord => ({
  id: row.id,
  experimentId: row.experiment_id,
  parentRunId: row.parent_run_id,
  datasetId: row.dataset_id,
  role: row.role,
  method: row.method,
  case: row.case_name,
  missingRate: row.missing_rate,
  seed: row.seed,
  config: parseJsonColumn(RunConfigSchema, row.config, `config of run ${row.id}`),
  status: row.status,
  backend: row.backend,
  compute:
    row.compute === null
      ? null
      : parseJsonColumn(RunComputeSchema, row.compute, `compute of run ${row.id}`),
  error: row.error,
  epochsDone: row.epochs_done,
  createdAt: row.created_at,
  startedAt: row.started_at,
  finishedAt: row.finished_at,
  selection: row.selection,
});

export class RunRepository {
  private readonly insertStmt;
  private readonly byId;
  private readonly byExperiment;
  private readonly recent;
  private readonly queuedStmt;
  private readonly statusStmt;
  private readonly startStmt;
  private readonly finishStmt;
  private readonly epochsStmt;
  private readonly interruptStmt;
  private readonly selectionStmt;

  constructor(private readonly db: Db) {
    this.insertStmt = db.prepare(
      `INSERT INTO runs (experiment_id, parent_run_id, dataset_id, role, method, case_name, missing_rate, seed,
                         config, status, created_at)
       VALUES (@experimentId, @parentRunId, @datasetId, @role, @method, @case, @missingRate, @seed, @config,
               'queued', @createdAt)`,
    );
    this.byId = db.prepare<[number], RunRow>('SELECT * FROM runs WHERE id = ?');
    this.byExperiment = db.prepare<[number], RunRow>(
      'SELECT * FROM runs WHERE experiment_id = ? ORDER BY id',
    );
    this.recent = db.prepare<[number], RunRow>('SELECT * FROM runs ORDER BY id DESC LIMIT ?');
    this.queuedStmt = db.prepare<[], RunRow>(
      "SELECT * FROM runs WHERE status = 'queued' ORDER BY id",
    );
    this.statusStmt = db.prepare<[RunStatus, string | null, number]>(
      'UPDATE runs SET status = ?, error = ? WHERE id = ?',
    );
    this.startStmt = db.prepare<[BackendName, string, string, number]>(
      "UPDATE runs SET status = 'running', backend = ?, compute = ?, started_at = coalesce(started_at, ?), error = NULL WHERE id = ?",
    );
    this.finishStmt = db.prepare<[RunStatus, string | null, string, number]>(
      'UPDATE runs SET status = ?, error = ?, finished_at = ? WHERE id = ?',
    );
    this.epochsStmt = db.prepare<[number, number]>('UPDATE runs SET epochs_done = ? WHERE id = ?');
    this.selectionStmt = db.prepare<[RunSelection | null, number]>(
      'UPDATE runs SET selection = ? WHERE id = ?',
    );
    this.interruptStmt = db.prepare(
      "UPDATE runs SET status = 'interrupted', error = 'the app stopped while this run was training' WHERE status = 'running'",
    );
  }

  create(run: NewRun): RunRecord {
    const t = run.config.training;
    const info = this.insertStmt.run({
      experimentId: run.experimentId,
      parentRunId: run.parentRunId,
      datasetId: run.datasetId,
      role: run.role,
      method: t.method,
      case: t.case,
      missingRate: run.config.corruption.rate,
      seed: t.seed,
      config: JSON.stringify(run.config),
      createdAt: nowIso(),
    });
    return this.get(Number(info.lastInsertRowid))!;
  }

  get(id: number): RunRecord | null {
    const row = this.byId.get(id);
    return row ? toRecord(row) : null;
  }

  listByExperiment(experimentId: number): RunRecord[] {
    return this.byExperiment.all(experimentId).map(toRecord);
  }

  listRecent(limit = 200): RunRecord[] {
    return this.recent.all(limit).map(toRecord);
  }

  queued(): RunRecord[] {
    return this.queuedStmt.all().map(toRecord);
  }

  /** Runs that will still read the dataset's files: queued, running or paused. */
  activeOnDataset(datasetId: string): RunRecord[] {
    return this.db
      .prepare<[string], RunRow>(
        "SELECT * FROM runs WHERE dataset_id = ? AND status IN ('queued', 'running', 'paused') ORDER BY id",
      )
      .all(datasetId)
      .map(toRecord);
  }

  setStatus(id: number, status: RunStatus, error: string | null = null): void {
    this.statusStmt.run(status, error, id);
  }

  /** The run is training, on what `report` says (a resumed run records its latest start's). */
  markStarted(id: number, report: BackendReport): void {
    const { skipped: _, ...compute } = report;
    this.startStmt.run(report.name, JSON.stringify(compute), nowIso(), id);
  }

  markFinished(
    id: number,
    status: 'done' | 'failed' | 'cancelled',
    error: string | null = null,
  ): void {
    this.finishStmt.run(status, error, nowIso(), id);
  }

  setEpochsDone(id: number, epochs: number): void {
    this.epochsStmt.run(epochs, id);
  }

  /** Marks a learning-rate grid point as selected by validation, or not. */
  setSelection(id: number, selection: RunSelection | null): void {
    this.selectionStmt.run(selection, id);
  }

  /** At start-up: a run still marked running was cut off by a crash or a kill (a paused one waits as it was). */
  markInterrupted(): number {
    return this.interruptStmt.run().changes;
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }
}
