import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { SCREENSHOT_DIR } from '../helpers/browser';

/** Picks an option of a Mantine Select (a combobox input with a listbox of options). */
export async function chooseOption(
  page: Page,
  select: Locator,
  option: string | RegExp,
): Promise<void> {
  await select.click();
  await page.getByRole('option', { name: option }).first().click();
}

/** Replaces the text of an input (works for Mantine NumberInput as well). */
export async function typeInto(input: Locator, value: string): Promise<void> {
  await input.click();
  await input.press('ControlOrMeta+a');
  await input.fill(value);
}

/** The viewport as the user sees it (a full-page shot repeats the fixed header mid-page). */
export async function shot(page: Page, name: string, scrollTo?: Locator): Promise<void> {
  if (scrollTo) await scrollTo.scrollIntoViewIfNeeded();
  // Close notifications (e.g. "Dataset imported") so they do not cover the page.
  for (const close of await page.locator('.mantine-Notification-root button').all())
    await close.click().catch(() => undefined);
  // Park the pointer where it opens no tooltip.
  await page.mouse.move(5, 795);
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
}

/** Clicks `trigger` and returns the text of the file the page downloads. */
export async function downloadedText(
  page: Page,
  trigger: Locator,
): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), trigger.click()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), text: readFileSync(path, 'utf8') };
}

/** Clicks `trigger` and returns the bytes of the file the page downloads. */
export async function downloadedBytes(
  page: Page,
  trigger: Locator,
): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), trigger.click()]);
  return { name: download.suggestedFilename(), bytes: readFileSync(await download.path()) };
}

/**
 * Visible form controls and buttons with no accessible name (no text, aria-label,
 * aria-labelledby, title or <label>): what a screen reader or keyboard user could not identify.
 * In-page code is text: this file compiles without DOM types.
 */
export async function unlabelledControls(page: Page): Promise<string[]> {
  return (await page.evaluate(`(() => {
    const named = (el) => {
      if ((el.getAttribute('aria-label') || '').trim()) return true;
      const by = el.getAttribute('aria-labelledby');
      if (by && by.split(/\\s+/).some((id) => (document.getElementById(id)?.textContent || '').trim())) return true;
      if ((el.getAttribute('title') || '').trim()) return true;
      if (el.labels && [...el.labels].some((l) => l.textContent.trim())) return true;
      if (el.tagName === 'BUTTON' || el.getAttribute('role') === 'button' || el.tagName === 'A') return el.textContent.trim().length > 0;
      return false;
    };
    const visible = (el) => el.offsetParent !== null && el.getAttribute('aria-hidden') !== 'true' && el.type !== 'hidden';
    return [...document.querySelectorAll('main input, main select, main textarea, main button, main a[href], main [role="slider"], header button')]
      .filter((el) => visible(el) && !named(el))
      .map((el) => el.outerHTML.slice(0, 120));
  })()`)) as string[];
}
