import { describe, expect, it } from 'vitest';
import type { AppPage } from './app-page';
import { isTrustedSender } from './ipc-sender';

const page: AppPage = { kind: 'file', url: 'file:///app/out/renderer/index.html' };
const APP_URL = 'file:///app/out/renderer/index.html#/datasets';

describe('isTrustedSender', () => {
  it('trusts the app page in the top frame', () => {
    expect(isTrustedSender({ url: APP_URL, parent: null }, page)).toBe(true);
  });

  it('refuses a subframe, even one showing the app page', () => {
    expect(isTrustedSender({ url: APP_URL, parent: {} }, page)).toBe(false);
  });

  it('refuses another page in the top frame', () => {
    expect(isTrustedSender({ url: 'https://evil.example/', parent: null }, page)).toBe(false);
    expect(isTrustedSender({ url: 'file:///tmp/evil.html', parent: null }, page)).toBe(false);
  });

  it('refuses a frame that is gone', () => {
    expect(isTrustedSender(null, page)).toBe(false);
    expect(isTrustedSender(undefined, page)).toBe(false);
  });
});
