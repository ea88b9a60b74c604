import type { StepMetricsRecord } from '@shared/domain/step-metrics';
import type { StepProgress } from '@shared/domain/training';
import type { Db } from '../connection';

/** Each training step's loss and accuracy, for the per-step curve of a run. */
export class StepMetricsRepository {
  private readonly stmts;

  constructor(db: Db) {
    this.stmts = {
      add: db.prepare(
        `INSERT INTO step_metrics (run_id, epoch, step, steps_per_epoch, loss, accuracy)
         VALUES (@runId, @epoch, @step, @stepsPerEpoch, @loss, @accuracy)
         ON CONFLICT (run_id, epoch, step) DO UPDATE SET steps_per_epoch = excluded.steps_per_epoch,
           loss = excluded.loss, accuracy = excluded.accuracy`,
      ),
      of: db.prepare<[number], StepMetricsRecord>(
        `SELECT epoch, step, steps_per_epoch AS stepsPerEpoch, loss, accuracy
         FROM step_metrics WHERE run_id = ? ORDER BY epoch, step`,
      ),
    };
  }

  add(runId: number, p: StepProgress): void {
    this.stmts.add.run({
      runId,
      epoch: p.epoch,
      step: p.step,
      stepsPerEpoch: p.stepsPerEpoch,
      loss: p.loss,
      accuracy: p.accuracy,
    });
  }

  list(runId: number): StepMetricsRecord[] {
    return this.stmts.of.all(runId);
  }
}
