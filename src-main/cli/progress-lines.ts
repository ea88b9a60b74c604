import { etaSeconds } from '@shared/domain/eta';

/** Default seconds between two plain progress lines. */
const DEFAULT_INTERVAL_MS = 5000;

/**
 * How often progress is printed as plain lines when stderr is no terminal (a CI log, a pipe):
 * AVLAB_PROGRESS_INTERVAL_MS, or every 5 s.
 */
export function progressIntervalMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.AVLAB_PROGRESS_INTERVAL_MS;
  if (raw === undefined || raw === '') return DEFAULT_INTERVAL_MS;
  const ms = Number(raw);
  if (!Number.isFinite(ms) || ms < 10)
    throw new Error(
      `AVLAB_PROGRESS_INTERVAL_MS must be a number of milliseconds ≥ 10, not '${raw}'`,
    );
  return ms;
}

/** 7 → "0:07", 3723 → "1:02:03". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const [h, m, r] = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(r)}` : `${m}:${two(r)}`;
}

/** "features: 120/500 (24%) | elapsed 0:31 | eta 1:38" */
export function progressLine(p: {
  label: string;
  done: number;
  total: number;
  elapsedMs: number;
  eta: number | null;
}): string {
  const percent = p.total > 0 ? Math.floor((100 * p.done) / p.total) : 0;
  return `${p.label}: ${p.done}/${p.total} (${percent}%) | elapsed ${formatDuration(p.elapsedMs / 1000)} | eta ${p.eta === null ? '?' : formatDuration(p.eta)}`;
}

interface Entry {
  label: string;
  done: number;
  total: number;
  firstDone: number;
  startedAt: number;
}

/**
 * Progress for a stream that is no terminal, where a bar would be one endless line or nothing:
 * one plain line per entry (a stage, a run) when it starts and when it completes, and in
 * between a line for each entry every `intervalMs` — on a timer, so a long stretch without
 * news still shows the elapsed time and that the process lives.
 */
export class ProgressLines {
  private readonly entries = new Map<string, Entry>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly write: (line: string) => void,
    private readonly intervalMs = progressIntervalMs(),
    private readonly now: () => number = Date.now,
  ) {}

  update(key: string, label: string, done: number, total: number): void {
    const known = this.entries.get(key);
    const entry = known ?? { label, done, total, firstDone: done, startedAt: this.now() };
    Object.assign(entry, { label, done, total });
    this.entries.set(key, entry);
    if (!known) this.print(entry);
    if (known && total > 0 && done >= total) this.end(key);
    else this.timer ??= setInterval(() => this.tick(), this.intervalMs).unref();
  }

  /** Prints an entry's last line and forgets it. */
  end(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.print(entry);
    this.entries.delete(key);
    if (this.entries.size === 0) this.stopTimer();
  }

  /** One line per entry in progress (what the timer calls). */
  tick(): void {
    for (const entry of this.entries.values()) this.print(entry);
  }

  /** Forgets every entry without printing. */
  stop(): void {
    this.entries.clear();
    this.stopTimer();
  }

  private print(e: Entry): void {
    const elapsedMs = this.now() - e.startedAt;
    const eta = etaSeconds(e.done - e.firstDone, e.total - e.done, elapsedMs);
    this.write(progressLine({ label: e.label, done: e.done, total: e.total, elapsedMs, eta }));
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
