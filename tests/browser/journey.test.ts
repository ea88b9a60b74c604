import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AveragedAttention } from '@shared/domain/attention-average';
import { formatResultsTable } from '@shared/report/format-table';
import { buildResultsTable } from '@shared/report/results-table';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../src-main/api/dispatch';
import { collectPageErrors, launchChromium, SCREENSHOT_DIR } from '../helpers/browser';
import { startWebApp } from '../helpers/web-app';
import {
  chooseOption,
  downloadedBytes,
  downloadedText,
  shot,
  typeInto,
  unlabelledControls,
} from './ui-helpers';

// The whole researcher's journey on the demo dataset, in one browser page, in order:
// import → browse and play a sample → wizard → a tiny scenario trains → compare → attention → export.
// The scenario is the smallest that still has both methods: micro preset, 1 seed, 1 case, FT + PL,
// backbone 2 epochs, FT and PL 1 epoch each.

let app: Awaited<ReturnType<typeof startWebApp>>;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  app = await startWebApp();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  collectPageErrors(page, pageErrors);
  await page.goto(app.server.url);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

/** The parts of an <audio> element the test reads (this file compiles without DOM types). */
interface AudioElement {
  readyState: number;
  duration: number;
  currentTime: number;
  play(): Promise<void>;
  pause(): void;
  addEventListener(type: string, listener: () => void): void;
}

/** Unlabelled controls found on any page, checked once at the end. */
const unlabelled = new Map<string, string[]>();
async function checkLabels(name: string) {
  const found = await unlabelledControls(page);
  if (found.length) unlabelled.set(name, found);
}

const experimentRuns = () => app.runtime.ctx.store.runs.listByExperiment(1);

describe('researcher journey in web mode', () => {
  it('shows what to do on an empty Datasets page, then imports the demo dataset with its report', async () => {
    await page.getByText('No datasets yet').waitFor();
    await page.getByTestId('open-import').click();
    await page.getByRole('dialog', { name: 'Import a dataset' }).waitFor();
    await page.getByTestId('start-import').click();
    const report = page.getByTestId('import-report');
    await report.waitFor({ timeout: 60_000 });
    expect(await report.textContent()).toContain('No file was rejected');
    await shot(page, 'datasets-import-report');
    await checkLabels('datasets-import-report');
    await page.getByTestId('import-done').click();
    await page.getByTestId('dataset-table').getByRole('link', { name: /demo/i }).first().waitFor();
    await shot(page, 'datasets-list');
    await checkLabels('datasets-list');
  });

  it('browses the dataset, opens a sample, plays its audio and previews a corruption', async () => {
    await page.getByTestId('dataset-table').getByRole('link').first().click();
    await page.getByTestId('class-counts').waitFor();
    const cards = page.getByTestId('sample-card');
    await cards.first().waitFor();
    expect(await cards.count()).toBeGreaterThan(10);
    // Only the rows on screen exist: the demo's samples are more than the grid has drawn.
    const total = Number((await page.getByTestId('sample-total').textContent())!.split(' ')[0]);
    expect(await cards.count()).toBeLessThan(total);
    // Every drawn card shows its image thumbnail and log-mel strip, decoded by the browser.
    await expect
      .poll(() => page.getByTestId('sample-thumbnail').count(), { timeout: 20_000 })
      .toBe(await cards.count());
    const decoded = (testId: string) =>
      page
        .getByTestId(testId)
        .evaluateAll((imgs) =>
          imgs.map((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
        );
    await expect
      .poll(async () => Math.min(...(await decoded('sample-thumbnail'))))
      .toBeGreaterThan(0);
    expect(Math.min(...(await decoded('sample-strip')))).toBeGreaterThan(0);
    // Scrolling the grid draws later rows (their cards did not exist before).
    const grid = page.getByRole('region', { name: 'Samples' });
    await grid.evaluate((el) => {
      (el as unknown as { scrollTop: number }).scrollTop = 10_000_000;
    });
    await expect
      .poll(() => cards.last().getAttribute('aria-label'), { timeout: 10_000 })
      .toMatch(new RegExp(`demo-0*${total - 1} `));
    await grid.evaluate((el) => {
      (el as unknown as { scrollTop: number }).scrollTop = 0;
    });
    await shot(page, 'dataset-browser');
    await checkLabels('dataset-browser');
    await cards.first().click();
    const audio = page.getByTestId('sample-audio');
    await audio.waitFor();
    const duration = await audio.evaluate(
      (el: AudioElement) =>
        new Promise<number>((resolve, reject) => {
          if (el.readyState >= 1) resolve(el.duration);
          el.addEventListener('loadedmetadata', () => resolve(el.duration));
          el.addEventListener('error', () => reject(new Error('audio did not decode')));
        }),
    );
    expect(duration).toBeGreaterThan(0.1);
    await audio.evaluate((el: AudioElement) => el.play());
    await expect
      .poll(() => audio.evaluate((el: AudioElement) => el.currentTime), { timeout: 10_000 })
      .toBeGreaterThan(0);
    await audio.evaluate((el: AudioElement) => el.pause());
    // The whole clip's log-mel, with the span the model sees outlined and said in words.
    await page.getByTestId('clip-spectrogram').getByTestId('spectrogram-span').waitFor();
    expect(await page.getByTestId('model-span-text').textContent()).toMatch(
      /^The model sees (0\.00–1\.28 s of this|all) /,
    );
    expect(await page.getByTestId('model-span-mark').getAttribute('data-seconds')).toMatch(
      /^\d\.\d{3}$/,
    );
    // The preview defaults to noise on both modalities: both must say what was applied.
    await expect
      .poll(() => page.getByTestId('preview-audio-applied').textContent(), { timeout: 20_000 })
      .not.toMatch(/clean$/);
    expect(await page.getByTestId('preview-visual-applied').textContent()).not.toMatch(/clean$/);
    await shot(page, 'sample-view');
    await checkLabels('sample-view');
  });

  it('configures a tiny scenario in the wizard, with inline validation, and starts it', async () => {
    await page.getByTestId('nav-experiments-new').click();
    await typeInto(page.getByTestId('wizard-name'), 'Browser journey');
    await page.getByTestId('wizard-next').click();
    await checkLabels('wizard-cases');
    // Cases: keep noisy audio only.
    await page.getByTestId('case-noisy_visual').uncheck();
    await page.getByTestId('case-noisy_both').uncheck();
    await typeInto(page.getByTestId('wizard-missing-rates'), '1, 2');
    await page
      .getByText(/Too big|<=1/)
      .first()
      .waitFor();
    await page.getByTestId('wizard-next').click();
    await page.getByTestId('step-blocked').waitFor();
    await typeInto(page.getByTestId('wizard-missing-rates'), '1');
    await page.getByTestId('wizard-next').click();
    await page.getByTestId('method-pl').waitFor();
    await checkLabels('wizard-methods');
    expect(await page.getByTestId('method-ft').isChecked()).toBe(true);
    expect(await page.getByTestId('method-pl').isChecked()).toBe(true);
    await page.getByTestId('wizard-next').click();
    await chooseOption(page, page.getByTestId('wizard-preset'), /^micro/);
    await typeInto(page.getByTestId('wizard-backbone-epochs'), '2');
    await typeInto(page.getByTestId('wizard-training-ft-epochs'), '1');
    await typeInto(page.getByTestId('wizard-training-pl-epochs'), '0');
    await page
      .getByText(/Too small|>=1/)
      .first()
      .waitFor();
    await typeInto(page.getByTestId('wizard-training-pl-epochs'), '1');
    await shot(page, 'wizard-training');
    await checkLabels('wizard-training');
    await page.getByTestId('wizard-next').click();
    await page.getByTestId('wizard-seeds').waitFor();
    await page.getByTestId('wizard-next').click();
    // seeds × (1 + rates × cases × methods) = 1 × (1 + 1 × 1 × 2)
    await expect.poll(() => page.getByTestId('estimate-runs').textContent()).toBe('3 runs');
    expect(await page.getByTestId('estimate-time').textContent()).toContain('unknown');
    await shot(page, 'wizard-review');
    await checkLabels('wizard-review');
    await page.getByTestId('wizard-start').click();
    await page.getByRole('heading', { name: 'Runs', level: 2 }).waitFor();
    const runs = experimentRuns();
    expect(runs.map((r) => `${r.role}:${r.method}:${r.case}`)).toEqual([
      'backbone:ft:complete',
      'adapt:ft:noisy_audio',
      'adapt:pl:noisy_audio',
    ]);
    expect(runs[0]!.config.model.preset).toBe('micro');
    expect(runs[0]!.config.training.epochs).toBe(2);
    expect(runs[1]!.config.training.epochs).toBe(1);
  });

  it('shows live progress while the runs train, and every run finishes', async () => {
    // samples/s is filled from run.progress events while a run trains.
    await expect
      .poll(() => page.getByTestId('stat-samples-per-sec').first().textContent(), {
        timeout: 60_000,
        interval: 250,
      })
      .toMatch(/^\d/);
    // The live loss curve is a canvas that says how many points it has drawn.
    const drawn = () =>
      page.getByTestId('chart-step-loss').locator('canvas').getAttribute('data-points');
    await expect.poll(async () => Number(await drawn()), { timeout: 20_000 }).toBeGreaterThan(1);
    // Keep the backbone selected and let it reach its second epoch for the screenshot.
    await page.getByTestId(`run-row-${experimentRuns()[0]!.id}`).click();
    await expect
      .poll(async () => Number(await drawn()) >= 12 || experimentRuns()[0]!.status === 'done', {
        timeout: 60_000,
      })
      .toBe(true);

    await shot(page, 'runs-live');

    await checkLabels('runs-live');
    await expect
      .poll(
        () =>
          experimentRuns()
            .map((r) => r.status)
            .join(','),
        { timeout: 150_000, interval: 1000 },
      )
      .toBe('done,done,done');
    await expect
      .poll(() => page.getByTestId('run-status').allTextContents())
      .toEqual(['done', 'done', 'done', 'done']);
    await shot(page, 'runs-done');
    await checkLabels('runs-done');
  }, 240_000); // its polls allow the three micro runs up to 150 s on a loaded machine

  it('compares FT against PL per case with charts and a clickable confusion matrix', async () => {
    // Concat-based evaluations are queued once the last PL run of a family is done: wait until
    // the queue has nothing left, then for the page to show them (it refetches on run.evaluation).
    await app.runtime.ctx.queue.whenIdle();
    await page.getByTestId('nav-compare').click();
    const table = page.getByTestId('results-table');
    await table.waitFor();
    await expect
      .poll(() => table.locator('th').allTextContents(), { timeout: 15_000 })
      .toEqual(expect.arrayContaining(['FT + PL (concat)']));
    const stored = buildResultsTable(
      experimentRuns(),
      app.runtime.ctx.store.results.experimentEvaluations(1),
      'accuracy',
    );
    const backbone = stored.rows.find((r) => r.case === 'noisy_audio')!.cells.ft_backbone!;
    // One seed here: the cell shows the mean and n, "±" only from two seeds on.
    expect(backbone.values).toHaveLength(1);
    expect(await table.textContent()).toContain(`${backbone.mean.toFixed(3)}n = 1`);
    expect(await table.textContent()).not.toContain(`${backbone.mean.toFixed(3)} ±`);
    expect(await table.locator('th').allTextContents()).toEqual(
      expect.arrayContaining(['FT', 'FT + PL', 'FT + PL (concat)', 'FT on case']),
    );
    await page.getByTestId('chart-grouped-bars').locator('.main-svg').first().waitFor();
    const panel = page.getByTestId('confusion-panel');
    const offDiagonal = panel.locator('[data-testid^="confusion-"]').filter({ hasNotText: /^0$/ });
    const cells = await offDiagonal.evaluateAll((els) =>
      els
        .map((e) => e.getAttribute('data-testid')!)
        .filter((id) => id.split('-')[1] !== id.split('-')[2]),
    );
    // Two epochs of the micro model are far from perfect: there are mistakes to list.
    expect(cells.length).toBeGreaterThan(0);
    await page.getByTestId(cells[0]!).click();
    const link = page.getByTestId('mistakes').getByRole('link').first();
    await link.waitFor();
    expect(await link.getAttribute('href')).toMatch(/#\/datasets\/.+\/samples\/\d+$/);
    await shot(page, 'compare-confusion', panel);
    await checkLabels('compare-confusion');
    await shot(page, 'compare', page.getByRole('heading', { name: 'Compare', level: 2 }));
    await checkLabels('compare');
    // A listed mistake opens the very sample: a test sample of the cell's true class.
    const trueClass = (await page.getByTestId('mistakes').locator('h6').textContent())!.split(
      ' → ',
    )[0]!;
    await page.getByTestId('mistakes').getByRole('link').first().click();
    const title = page.getByRole('heading', { level: 2 });
    await expect
      .poll(() => title.textContent(), { timeout: 20_000 })
      .toMatch(new RegExp(`^${trueClass} · `));
    expect(await page.getByText(/ · test split · /).count()).toBe(1);
  });

  it('draws cross-attention heatmaps and the prompt share per case for a PL run', async () => {
    await page.getByTestId('nav-attention').click();
    await page
      .getByTestId('attention-heatmap')
      .locator('.main-svg')
      .first()
      .waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('prompt-share').textContent()).toMatch(/On prompts: \d/);
    await page
      .getByTestId('chart-prompt-share')
      .locator('.main-svg')
      .first()
      .waitFor({ timeout: 60_000 });
    await shot(page, 'attention');
    await checkLabels('attention');
  });

  it('averages the attention over the test set, FT beside PL on one colour scale, and over one class', async () => {
    await page.getByTestId('attention-scope').getByText('Test-set average, FT vs PL').click();
    for (const chart of ['average-heatmap-ft', 'average-heatmap-pl', 'chart-average-prompt-share'])
      await page.getByTestId(chart).locator('.main-svg').first().waitFor({ timeout: 120_000 });
    // The page shows what the API computed in the worker for the PL run it pairs with FT.
    const plRun = experimentRuns().find((r) => r.method === 'pl')!;
    const answer = await dispatch(app.runtime.handlers, 'runs.attentionAverage', {
      id: plRun.id,
      case: plRun.case,
    });
    if (!answer.ok) throw new Error(answer.error.message);
    const { samples, matching, promptShare } = answer.result as AveragedAttention;
    const status = (side: string) => page.getByTestId(`average-status-${side}`).textContent();
    expect(await status('pl')).toContain(
      `PL run #${plRun.id} (Noisy audio): ${samples} test samples${matching > samples ? ` (of ${matching})` : ''}; on prompts ${(promptShare.audioToVisual * 100).toFixed(1)} % audio → visual`,
    );
    expect(await status('ft')).toContain('on prompts 0.0 % audio → visual');
    expect(promptShare.audioToVisual).toBeGreaterThan(0);
    await shot(page, 'attention-average');
    await checkLabels('attention-average');

    await chooseOption(page, page.getByTestId('attention-average-class'), 'rising');
    await expect
      .poll(() => status('pl'), { timeout: 120_000 })
      .toMatch(/^PL run #\d+ \(Noisy audio\): [1-9]\d* test samples;/);
    expect(Number(/: (\d+) test samples/.exec((await status('pl'))!)![1])).toBeLessThan(samples);
  });

  it('exports the results table as CSV and LaTeX matching the stored results, and a chart at a chosen size as PNG, SVG and PDF', async () => {
    await page.getByTestId('nav-compare').click();
    await page.getByTestId('results-table').waitFor();
    const table = buildResultsTable(
      experimentRuns(),
      app.runtime.ctx.store.results.experimentEvaluations(1),
      'accuracy',
    );
    const csv = await downloadedText(page, page.getByTestId('export-csv'));
    expect(csv.name).toBe('Browser-journey-accuracy.csv');
    expect(csv.text).toBe(formatResultsTable(table, 'csv', 3));
    expect(csv.text.split('\n')[0]).toContain('ft_backbone_mean');
    const latex = await downloadedText(page, page.getByTestId('export-latex'));
    expect(latex.name).toBe('Browser-journey-accuracy.tex');
    expect(latex.text).toBe(formatResultsTable(table, 'latex', 3));
    expect(latex.text).toContain('\\toprule');
    expect(latex.text).toContain('\\textbf{');
    // A chart for a paper: 120 × 80 mm, Times 9 pt, as PNG at 300 DPI, SVG and PDF.
    const bars = page.getByTestId('chart-grouped-bars');
    await bars.getByRole('button', { name: 'Export accuracy per case' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('mm', { exact: true }).click();
    await typeInto(dialog.getByTestId('figure-width'), '120');
    await typeInto(dialog.getByTestId('figure-height'), '80');
    await typeInto(dialog.getByTestId('figure-dpi'), '300');
    await typeInto(dialog.getByTestId('figure-font-size'), '9');
    await chooseOption(page, dialog.getByTestId('figure-font'), 'Times');
    await dialog.getByText('PNG', { exact: true }).click();
    await shot(page, 'figure-export-dialog');
    await checkLabels('figure-export-dialog');
    const png = await downloadedBytes(page, dialog.getByTestId('figure-save'));
    expect(png.name).toBe('accuracy-per-case.png');
    expect(png.bytes.subarray(1, 4).toString()).toBe('PNG');
    // IHDR: 120 mm × 80 mm at 300 DPI = 1417 × 945 pixels; pHYs: 11811 pixels per metre.
    expect([png.bytes.readUInt32BE(16), png.bytes.readUInt32BE(20)]).toEqual([1417, 945]);
    const phys = png.bytes.indexOf('pHYs');
    expect(png.bytes.readUInt32BE(phys + 4)).toBe(11811);
    writeFileSync(join(SCREENSHOT_DIR, 'figure-accuracy-per-case.png'), png.bytes);
    await dialog.waitFor({ state: 'hidden' });

    await bars.getByRole('button', { name: 'Export accuracy per case' }).click();
    await dialog.getByText('SVG', { exact: true }).click();
    const svg = await downloadedText(page, dialog.getByTestId('figure-save'));
    expect(svg.name).toBe('accuracy-per-case.svg');
    expect(svg.text).toMatch(/^<svg[^>]* width="120\.00mm" height="80\.00mm"/);
    expect(svg.text).toContain('FT + PL');
    expect(svg.text).toContain('Times New Roman');
    await dialog.waitFor({ state: 'hidden' });

    await bars.getByRole('button', { name: 'Export accuracy per case' }).click();
    await dialog.getByText('PDF', { exact: true }).click();
    const pdf = await downloadedBytes(page, dialog.getByTestId('figure-save'));
    expect(pdf.name).toBe('accuracy-per-case.pdf');
    expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    // One page of exactly 120 × 80 mm (340.16 × 226.77 pt).
    expect(pdf.bytes.toString('latin1')).toMatch(/\/MediaBox \[0 0 340\.1\d+ 226\.7\d+\]/);
    expect(pdf.bytes.toString('latin1')).toContain('/Times-Roman');
  });

  it('estimates the training time of a new scenario from the samples/s measured here', async () => {
    await page.getByTestId('nav-experiments-new').click();
    for (let step = 0; step < 3; step++) await page.getByTestId('wizard-next').click();
    await chooseOption(page, page.getByTestId('wizard-preset'), /^micro/);
    await page.getByTestId('wizard-next').click();
    await page.getByTestId('wizard-next').click();
    // micro has run here now (the tiny preset, never run, would still say unknown).
    await expect
      .poll(() => page.getByTestId('estimate-time').textContent(), { timeout: 10_000 })
      .toMatch(/^≈ \d/);
  });

  it('renders the compare page in the dark theme', async () => {
    await page.getByTestId('nav-compare').click();
    await page.getByTestId('theme-toggle').click();
    await expect
      .poll(() => page.locator('html').getAttribute('data-mantine-color-scheme'))
      .toBe('dark');
    await page.getByTestId('chart-grouped-bars').locator('.main-svg').first().waitFor();
    await shot(page, 'compare-dark', page.getByRole('heading', { name: 'Compare', level: 2 }));
    await checkLabels('compare-dark');
  });

  it('labels every control on every page it visited', () => {
    expect(Object.fromEntries(unlabelled)).toEqual({});
  });

  it('raised no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
