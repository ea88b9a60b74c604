import type { RunRecord, RunStatus } from '@shared/domain/records';
import type { StepProgress } from '@shared/domain/training';
import cliProgress from 'cli-progress';
import type { ApiRuntime } from '../api/runtime';

const TERMINAL: readonly RunStatus[] = ['done', 'failed', 'cancelled', 'interrupted', 'paused'];

/**
 * Waits until every run has stopped, drawing one progress bar per training run on stderr (stdout
 * stays free for --json). Ctrl-C cancels the runs cleanly: each stops between two steps, is marked
 * cancelled, and keeps the checkpoints of the epochs it completed.
 */
export async function watchRuns(
  runtime: ApiRuntime,
  runIds: number[],
  quiet = false,
): Promise<RunRecord[]> {
  const { store, events, queue } = runtime.ctx;
  // Waiting for runs is what trains them in a CLI process: its queue starts only here.
  queue.start();
  const pending = new Set(runIds.filter((id) => !TERMINAL.includes(store.runs.get(id)!.status)));
  const interactive = !quiet && process.stderr.isTTY;
  const bars = interactive
    ? new cliProgress.MultiBar(
        {
          stream: process.stderr,
          format:
            'run {run} {label} [{bar}] epoch {epoch} | loss {loss} | acc {acc} | {rate}/s | eta {eta_s}s',
          hideCursor: true,
          clearOnComplete: false,
        },
        cliProgress.Presets.shades_classic,
      )
    : null;
  const barOf = new Map<number, cliProgress.SingleBar>();
  let cancelling = false;
  const onSigint = () => {
    if (cancelling) return;
    cancelling = true;
    process.stderr.write('\nCancelling: the runs stop after their current step …\n');
    for (const id of pending) queue.cancel(id);
  };
  process.on('SIGINT', onSigint);

  const updateBar = (runId: number, progress: StepProgress) => {
    if (!bars) return;
    const run = store.runs.get(runId)!;
    const total = run.config.training.epochs * progress.stepsPerEpoch;
    const done = (progress.epoch - 1) * progress.stepsPerEpoch + progress.step;
    const payload = {
      run: runId,
      label: `${run.method}/${run.case}`.padEnd(20),
      epoch: `${progress.epoch}/${run.config.training.epochs}`,
      loss: progress.loss.toFixed(3),
      acc: progress.accuracy.toFixed(2),
      rate: progress.samplesPerSec.toFixed(1),
      eta_s: Math.round(progress.etaSeconds),
    };
    const bar = barOf.get(runId) ?? bars.create(total, done, payload);
    barOf.set(runId, bar);
    bar.update(done, payload);
  };

  const unsubscribe = events.subscribe((event) => {
    if (event.type === 'run.progress' && pending.has(event.runId))
      updateBar(event.runId, event.progress);
    if (event.type === 'run.epoch' && pending.has(event.runId) && !interactive && !quiet) {
      const m = event.metrics;
      process.stderr.write(
        `run ${event.runId} epoch ${m.epoch}: loss ${m.trainLoss.toFixed(4)} acc ${m.trainAccuracy.toFixed(3)}` +
          `${m.valAccuracy === null ? '' : ` val ${m.valAccuracy.toFixed(3)}`} (${m.samplesPerSec.toFixed(1)} samples/s)\n`,
      );
    }
    if (
      event.type === 'run.status' &&
      pending.has(event.runId) &&
      TERMINAL.includes(event.status)
    ) {
      pending.delete(event.runId);
      if (!quiet && !interactive) {
        process.stderr.write(
          `run ${event.runId}: ${event.status}${event.error ? ` (${event.error})` : ''}\n`,
        );
      }
    }
  });
  // Idle = nothing training and nothing queued that can start (a run whose backbone stopped
  // early waits for a resume); concat evaluations queued after the last run finish first.
  await queue.whenIdle();
  unsubscribe();
  bars?.stop();
  process.off('SIGINT', onSigint);
  return runIds.map((id) => store.runs.get(id)!);
}
