import type { RemoteReport } from '@shared/domain/distributed';
import type { EpochMetrics } from '@shared/domain/training';
import type { CheckpointWritten } from '../jobs/protocol';
import { type CoordinatorClient, CoordinatorRefusal } from './coordinator-client';

/**
 * A run's reports to the coordinator, in the order the thread made them: step progress is
 * batched (one request per ~½ s, not per step), and an epoch's checkpoint is uploaded before
 * the report that names it. One request at a time, each retried while the coordinator is away.
 */
export class ReportSender {
  private chain: Promise<void> = Promise.resolve();
  private batch: RemoteReport[] = [];
  private timer: NodeJS.Timeout | null = null;
  private failure: Error | null = null;
  /** Called once when the coordinator refuses (the run was given to another worker). */
  onRefused: (() => void) | null = null;

  constructor(
    private readonly client: CoordinatorClient,
    private readonly runId: number,
    private readonly lease: string,
  ) {}

  send(report: RemoteReport): void {
    this.batch.push(report);
    if (report.type === 'progress') {
      this.timer ??= setTimeout(() => this.drain(), 500);
    } else this.drain();
  }

  epoch(metrics: EpochMetrics, checkpoint: CheckpointWritten): void {
    this.drain();
    this.enqueue(() =>
      this.client.uploadCheckpoint(
        this.runId,
        checkpoint.epoch,
        this.lease,
        checkpoint.path,
        checkpoint.sha256,
      ),
    );
    this.send({
      type: 'epoch',
      metrics,
      checkpoint: { epoch: checkpoint.epoch, sha256: checkpoint.sha256, bytes: checkpoint.bytes },
    });
  }

  /** Resolves once everything sent so far is stored; rejects with the first failure. */
  async flush(): Promise<void> {
    this.drain();
    await this.chain;
    if (this.failure) throw this.failure;
  }

  private drain(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.batch.length === 0) return;
    const reports = this.batch.splice(0);
    this.enqueue(() => this.client.report(this.runId, this.lease, reports));
  }

  private enqueue(step: () => Promise<void>): void {
    this.chain = this.chain.then(async () => {
      if (this.failure) return;
      try {
        await step();
      } catch (error) {
        this.failure = error as Error;
        if (error instanceof CoordinatorRefusal) this.onRefused?.();
      }
    });
  }
}
