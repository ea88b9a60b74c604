import { etaSeconds } from '@shared/domain/eta';
import type { RunRecord, RunStatus } from '@shared/domain/records';
import type { StepProgress } from '@shared/domain/training';
import cliProgress from 'cli-progress';
import type { ApiRuntime } from '../api/runtime';
import { formatDuration, ProgressLines } from './progress-lines';

const TERMINAL: readonly RunStatus[] = ['done', 'failed', 'cancelled', 'interrupted', 'paused'];

/**
 * Waits until every run has stopped, drawing one progress bar per training run on stderr (stdout
 * stays free for --json); on a stderr that is no terminal, a plain progress line per run every few
 * seconds instead. With several runs, each one that stops says how many of them have, and the
 * time left at that pace. Ctrl-C cancels the runs cleanly: each stops between two steps, is marked
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
  const lines = !quiet && !interactive ? new ProgressLines(say) : null;
  const startedAt = Date.now();
  const stoppedBefore = runIds.length - pending.size;
  let cancelling = false;
  // Above the bars on a terminal (a plain write would tear them), a line of its own otherwise.
  function say(line: string): void {
    if (bars) bars.log(`${line}\n`);
    else process.stderr.write(`${line}\n`);
  }
  const onSigint = () => {
    if (cancelling) return;
    cancelling = true;
    process.stderr.write('\nCancelling: the runs stop after their current step …\n');
    for (const id of pending) queue.cancel(id);
  };
  process.on('SIGINT', onSigint);

  const updateBar = (runId: number, progress: StepProgress) => {
    const run = store.runs.get(runId)!;
    const total = run.config.training.epochs * progress.stepsPerEpoch;
    const done = (progress.epoch - 1) * progress.stepsPerEpoch + progress.step;
    const label = `run ${runId} ${run.method}/${run.case} epoch ${progress.epoch}/${run.config.training.epochs} steps`;
    lines?.update(String(runId), label, done, total);
    if (!bars) return;
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
          `${m.valAccuracy === null ? '' : ` val ${m.valAccuracy.toFixed(3)}`}` +
          // Multi-label runs: accuracy is the top-1 hit rate; validation mAP is what selects.
          `${m.valMap == null ? '' : ` val mAP ${m.valMap.toFixed(3)}`} (${m.samplesPerSec.toFixed(1)} samples/s)\n`,
      );
    }
    if (
      event.type === 'run.status' &&
      pending.has(event.runId) &&
      TERMINAL.includes(event.status)
    ) {
      pending.delete(event.runId);
      lines?.end(String(event.runId));
      const what = `run ${event.runId}: ${event.status}${event.error ? ` (${event.error})` : ''}`;
      if (!quiet && runIds.length > 1) {
        const finished = runIds.length - pending.size;
        say(runCountLine(finished, runIds.length, stoppedBefore, startedAt, what));
      } else if (!quiet && !interactive) say(what);
    }
  });
  // Idle = nothing training and nothing queued that can start (a run whose backbone stopped
  // early waits for a resume); concat evaluations queued after the last run finish first.
  await queue.whenIdle();
  unsubscribe();
  lines?.stop();
  bars?.stop();
  process.off('SIGINT', onSigint);
  return runIds.map((id) => store.runs.get(id)!);
}

/**
 * "3 of 7 runs finished (run 14: done) | elapsed 4:10 | eta 5:33": the runs left at the pace of
 * those finished in this watch (`finishedBefore` had before it began). Runs differ in length —
 * backbones take longest and come first — so the ETA is a rough guide that improves as runs end.
 */
export function runCountLine(
  finished: number,
  total: number,
  finishedBefore: number,
  startedAt: number,
  what: string,
  now = Date.now(),
): string {
  const elapsed = now - startedAt;
  const eta = etaSeconds(finished - finishedBefore, total - finished, elapsed);
  return `${finished} of ${total} runs finished (${what}) | elapsed ${formatDuration(elapsed / 1000)} | eta ${
    eta === null ? '?' : formatDuration(eta)
  }`;
}
