// UI benchmark: time to interactive of web mode in Chromium (cold page loads), then frame and
// long-task figures on the Runs page while a training run streams progress events.
// Usage: node --import tsx scripts/bench-ui.ts [--loads 5] [--stream-seconds 20]
// Prints figures only; nothing here asserts a time. Goal (issue 6): interactive < 2 s, no long
// task > 50 ms caused by progress events.
import { loadavg } from 'node:os';
import { ScenarioSchema } from '@shared/domain/scenario';
import type { Page } from 'playwright-core';
import { launchChromium } from '../tests/helpers/browser';
import { startWebApp } from '../tests/helpers/web-app';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const LOADS = arg('loads', 5);
const STREAM_SECONDS = arg('stream-seconds', 20);

const line = (name: string, value: string) => process.stdout.write(`${name.padEnd(46)} ${value}\n`);
const median = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? Number.NaN;
const ms = (x: number) => `${x.toFixed(0)} ms`;

/** Installed before any page script: records long tasks and when the first page heading renders. */
const INSTRUMENT = `
  window.__bench = { longTasks: [], headingAt: null, frames: null, messages: [] };
  // Log the type and arrival time of every pushed event, to attribute long tasks to them.
  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (m) => {
        try { window.__bench.messages.push({ type: JSON.parse(m.data).type, at: performance.now() }); } catch {}
      });
    }
  };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__bench.longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  new MutationObserver((_, observer) => {
    if (document.querySelector('main h2')) { window.__bench.headingAt = performance.now(); observer.disconnect(); }
  }).observe(document, { childList: true, subtree: true });
`;

interface BenchState {
  messages: { type: string; at: number }[];
  longTasks: { start: number; duration: number }[];
  headingAt: number | null;
  frames: number[] | null;
}

async function pageLoad(url: string, page: Page) {
  await page.addInitScript(INSTRUMENT);
  await page.goto(url, { waitUntil: 'load' });
  await page.getByRole('heading', { name: 'Datasets', level: 2 }).waitFor();
  // Interactive = the first page heading is rendered and the main thread is free of long tasks
  // after it (a Lighthouse-style quiet window of 500 ms).
  await page.waitForTimeout(500);
  // In-page code is passed as text: this file compiles without DOM types, and tsx's helpers
  // do not exist inside the page.
  const figures = (await page.evaluate(`(() => {
    const state = window.__bench;
    const nav = performance.getEntriesByType('navigation')[0];
    const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN;
    const heading = state.headingAt ?? NaN;
    const lastLongTaskEnd = Math.max(0, ...state.longTasks.map((t) => t.start + t.duration));
    return {
      domContentLoaded: nav.domContentLoadedEventEnd,
      load: nav.loadEventEnd,
      fcp,
      heading,
      interactive: Math.max(heading, lastLongTaskEnd),
      longTasks: state.longTasks.length,
      longestTask: Math.max(0, ...state.longTasks.map((t) => t.duration)),
    };
  })()`)) as Record<
    'domContentLoaded' | 'load' | 'fcp' | 'heading' | 'interactive' | 'longTasks' | 'longestTask',
    number
  >;
  // And a click is answered: navigation to another page and its heading.
  const clickStart = Date.now();
  await page.getByTestId('nav-runs').click();
  await page.getByRole('heading', { name: 'Runs', level: 2 }).waitFor();
  return { ...figures, clickToPage: Date.now() - clickStart };
}

async function main() {
  line(
    'load average (1/5/15 min)',
    loadavg()
      .map((l) => l.toFixed(2))
      .join(' / '),
  );
  const app = await startWebApp();
  const browser = await launchChromium();
  try {
    const loads = [];
    for (let i = 0; i < LOADS; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      loads.push(await pageLoad(app.server.url, await context.newPage()));
      await context.close();
    }
    line(`cold loads of web mode in Chromium`, `${LOADS} (fresh browser context each)`);
    for (const key of [
      'domContentLoaded',
      'fcp',
      'load',
      'heading',
      'interactive',
      'clickToPage',
    ] as const) {
      const values = loads.map((l) => l[key]);
      line(
        `  ${key} median (min–max)`,
        `${ms(median(values))} (${ms(Math.min(...values))}–${ms(Math.max(...values))})`,
      );
    }
    line(
      '  long tasks during load (median count, max)',
      `${median(loads.map((l) => l.longTasks))}, ${ms(Math.max(...loads.map((l) => l.longestTask)))}`,
    );

    // Streaming: a micro backbone trains while the Runs page shows its live progress.
    const handlers = app.runtime.handlers;
    const dataset = await handlers['datasets.import']({ kind: 'demo', options: {} });
    const scenario = ScenarioSchema.parse({
      name: 'bench-ui',
      datasetId: dataset.datasetId,
      cases: ['noisy_audio'],
      methods: ['pl'],
      model: { preset: 'micro' },
      backbone: { epochs: 50, batchSize: 16, lr: 0.001 },
      training: { pl: { epochs: 1, batchSize: 16, lr: 0.01 } },
      seeds: [0],
    });
    const { runs } = await handlers['experiments.create']({ scenario });
    let progressEvents = 0;
    let firstProgress: () => void = () => {};
    const started = new Promise<void>((resolve) => {
      firstProgress = resolve;
    });
    const unsubscribe = app.runtime.ctx.events.subscribe((event) => {
      if (event.type !== 'run.progress') return;
      progressEvents++;
      firstProgress();
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.addInitScript(INSTRUMENT);
    await page.goto(`${app.server.url}#/runs`);
    await page.getByTestId('run-table').waitFor();
    await started;
    // Plotly (4.6 MB) loads with the first chart: wait until it has drawn, so its one-off parse is
    // not counted as streaming cost.
    await page
      .getByTestId('chart-epochs')
      .locator('.main-svg')
      .first()
      .waitFor({ timeout: 60_000 });
    await page.waitForTimeout(1000);
    const eventsBefore = progressEvents;
    // A string, not a function: tsx's name-keeping helper does not exist inside the page.
    await page.evaluate(`{
      const state = window.__bench;
      state.longTasks = [];
      state.messages = [];
      state.frames = [];
      const tick = (t) => { state.frames.push(t); requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
    }`);
    await page.waitForTimeout(STREAM_SECONDS * 1000);
    const stream = (await page.evaluate(`(() => {
      const state = window.__bench;
      const frames = state.frames ?? [];
      const marks = performance
        .getEntriesByType('mark')
        .filter((m) => m.name.startsWith('avlab:') && m.startTime >= (frames[0] ?? 0))
        .map((m) => ({ name: m.name, at: m.startTime }));
      return { frames, longTasks: state.longTasks, messages: state.messages, marks };
    })()`)) as Pick<BenchState, 'longTasks' | 'messages'> & {
      frames: number[];
      marks: { name: string; at: number }[];
    };
    const events = progressEvents - eventsBefore;
    unsubscribe();
    try {
      await handlers['runs.cancel']({ id: runs[0]!.id });
    } catch {
      // Already finished: nothing to cancel.
    }
    const intervals = stream.frames.slice(1).map((t, i) => t - stream.frames[i]!);
    const seconds = (stream.frames.at(-1)! - stream.frames[0]!) / 1000;
    line(`streaming progress on the Runs page`, `${STREAM_SECONDS} s window`);
    line('  run.progress events received', `${events} (${(events / STREAM_SECONDS).toFixed(1)}/s)`);
    line(
      '  frames (rate)',
      `${stream.frames.length} (${(stream.frames.length / seconds).toFixed(1)} fps)`,
    );
    line(
      '  frame interval p50 / p95 / max',
      `${ms(quantile(intervals, 0.5))} / ${ms(quantile(intervals, 0.95))} / ${ms(Math.max(...intervals))}`,
    );
    line('  frames over 50 ms', String(intervals.filter((i) => i > 50).length));
    const durations = stream.longTasks.map((t) => t.duration);
    line(
      '  long tasks (> 50 ms) while streaming',
      `${durations.length}${durations.length ? `, longest ${ms(Math.max(...durations))}` : ''}`,
    );
    // What ran inside each long task, from the User Timing marks the renderer sets.
    const cause = (t: { start: number; duration: number }) => {
      const inside = (name: string) =>
        stream.marks.some(
          (m) => m.name === name && m.at >= t.start - 1 && m.at <= t.start + t.duration + 1,
        );
      if (inside('avlab:plotly-react')) return 'Plotly redraw (per-epoch chart)';
      if (inside('avlab:live-flush')) return 'progress flush';
      return 'other (no mark)';
    };
    const byCause = new Map<string, number[]>();
    for (const t of stream.longTasks)
      byCause.set(cause(t), [...(byCause.get(cause(t)) ?? []), t.duration]);
    for (const [type, list] of byCause)
      line(`    in ${type}`, `${list.length}, longest ${ms(Math.max(...list))}`);
    const flushes = stream.marks.filter((m) => m.name === 'avlab:live-flush').length;
    line(
      '  progress flushes (re-renders)',
      `${flushes} (${(flushes / STREAM_SECONDS).toFixed(1)}/s)`,
    );
    const counts = new Map<string, number>();
    for (const m of stream.messages) counts.set(m.type, (counts.get(m.type) ?? 0) + 1);
    line('  events seen by the page', [...counts].map(([t, n]) => `${t} ${n}`).join(', '));
    await context.close();
  } finally {
    await browser.close();
    await app.stop();
  }
}

await main();
