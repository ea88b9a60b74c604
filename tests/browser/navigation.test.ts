import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageErrors, launchChromium, SCREENSHOT_DIR } from '../helpers/browser';
import { startWebApp } from '../helpers/web-app';

const PAGES = [
  { nav: 'nav-datasets', heading: 'Datasets', shot: 'datasets' },
  { nav: 'nav-experiments-new', heading: 'New experiment', shot: 'new-experiment' },
  { nav: 'nav-runs', heading: 'Runs', shot: 'runs' },
  { nav: 'nav-compare', heading: 'Compare', shot: 'compare' },
  { nav: 'nav-attention', heading: 'Attention', shot: 'attention' },
  { nav: 'nav-settings', heading: 'Settings', shot: 'settings' },
];

let app: Awaited<ReturnType<typeof startWebApp>>;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  app = await startWebApp();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  collectPageErrors(page, pageErrors);
  await page.goto(app.server.url);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('web mode in Chromium', () => {
  it('opens on the Datasets page with the Mantine shell', async () => {
    await page.getByRole('heading', { name: 'Datasets', level: 2 }).waitFor();
    expect(await page.locator('.mantine-AppShell-navbar').count()).toBe(1);
    expect(await page.getByText('web mode').count()).toBeGreaterThan(0);
  });

  for (const target of PAGES) {
    it(`navigates to ${target.heading}`, async () => {
      await page.getByTestId(target.nav).click();
      await page.getByRole('heading', { name: target.heading, level: 2 }).waitFor();
      await page.screenshot({ path: join(SCREENSHOT_DIR, `page-${target.shot}.png`) });
    });
  }

  it('shows version, data directory and transport on Settings/About', async () => {
    await page.getByTestId('nav-settings').click();
    await expect.poll(() => page.getByTestId('about-transport').textContent()).toBe('http');
    expect(await page.getByTestId('about-data-directory').textContent()).toBe(
      app.runtime.ctx.layout.root,
    );
  });

  it('switches to the dark theme and keeps it in the stored settings', async () => {
    await page.getByTestId('theme-toggle').click();
    await expect
      .poll(() => page.locator('html').getAttribute('data-mantine-color-scheme'))
      .toBe('dark');
    expect(app.runtime.ctx.store.settings.get().theme).toBe('dark');
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'page-settings-dark.png') });
  });

  it('raised no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
