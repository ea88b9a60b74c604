import { describe, expect, it } from 'vitest';
import { type AppPage, appPageFor, isAppPage } from './app-page';

const INDEX = '/opt/avlab/resources/app.asar/out/renderer/index.html';
const filePage = appPageFor({
  isPackaged: true,
  devServerUrl: undefined,
  rendererIndexPath: INDEX,
});
const devPage: AppPage = { kind: 'dev', url: 'http://localhost:5173/' };

describe('appPageFor', () => {
  it('uses the built index.html when packaged, even if a dev server URL is set', () => {
    expect(
      appPageFor({
        isPackaged: true,
        devServerUrl: 'http://localhost:5173',
        rendererIndexPath: INDEX,
      }),
    ).toEqual({ kind: 'file', url: `file://${INDEX}` });
  });

  it('uses the dev server when unpackaged and one is running', () => {
    expect(
      appPageFor({
        isPackaged: false,
        devServerUrl: 'http://localhost:5173',
        rendererIndexPath: INDEX,
      }),
    ).toEqual({ kind: 'dev', url: 'http://localhost:5173' });
  });
});

describe('isAppPage', () => {
  it('accepts the built page with any hash route or query', () => {
    expect(isAppPage(`file://${INDEX}`, filePage)).toBe(true);
    expect(isAppPage(`file://${INDEX}#/runs/3`, filePage)).toBe(true);
    expect(isAppPage(`file://${INDEX}?x=1#/`, filePage)).toBe(true);
  });

  it('accepts the built page however its path is escaped', () => {
    const odd = appPageFor({
      isPackaged: true,
      devServerUrl: undefined,
      rendererIndexPath: "/home/o'neil/Lab [v2]/é/index.html",
    });
    expect(isAppPage("file:///home/o'neil/Lab%20[v2]/%C3%A9/index.html#/", odd)).toBe(true);
    expect(isAppPage('file:///home/o%27neil/Lab%20%5Bv2%5D/%C3%A9/index.html', odd)).toBe(true);
    expect(isAppPage('file:///home/o%27neil/Lab%20%5Bv2%5D/e/index.html', odd)).toBe(false);
  });

  it('refuses another file:// page, though it shares the opaque origin', () => {
    expect(isAppPage('file:///home/u/datasets/evil/index.html', filePage)).toBe(false);
    expect(isAppPage(`file://${INDEX.replace('index.html', 'other.html')}`, filePage)).toBe(false);
    expect(isAppPage(`file://remote-host${INDEX}`, filePage)).toBe(false);
  });

  it('refuses web pages, other schemes, garbage and a missing URL', () => {
    for (const url of [
      'https://evil.example/',
      'about:blank',
      'data:text/html,x',
      'nonsense',
      '',
    ]) {
      expect(isAppPage(url, filePage)).toBe(false);
    }
    expect(isAppPage(undefined, filePage)).toBe(false);
  });

  it('accepts only the dev server origin in development', () => {
    expect(isAppPage('http://localhost:5173/#/datasets', devPage)).toBe(true);
    expect(isAppPage('http://localhost:5174/', devPage)).toBe(false);
    expect(isAppPage('http://127.0.0.1:5173/', devPage)).toBe(false);
    expect(isAppPage(`file://${INDEX}`, devPage)).toBe(false);
  });
});
