import { describe, expect, it } from 'vitest';
import type { AppPage } from './app-page';
import { isAllowedExternalUrl, navigationDecision, windowOpenDecision } from './link-policy';

const page: AppPage = { kind: 'file', url: 'file:///app/out/renderer/index.html' };

describe('isAllowedExternalUrl', () => {
  it('allows https links to a listed host', () => {
    expect(isAllowedExternalUrl('https://github.com/some/project#readme')).toBe(true);
  });

  it.each([
    ['plain http', 'http://github.com/'],
    ['an unlisted host', 'https://evil.example/'],
    ['a lookalike host', 'https://github.com.evil.example/'],
    ['a subdomain not listed', 'https://gist.github.com/'],
    ['credentials in the URL', 'https://user:pw@github.com/'],
    ['another port', 'https://github.com:8443/'],
    ['a file URL', 'file:///etc/passwd'],
    ['an smb share', 'smb://host/share'],
    ['a custom scheme', 'ms-msdt:/id PCWDiagnostic'],
    ['javascript:', 'javascript:alert(1)'],
    ['not a URL', 'github.com'],
  ])('refuses %s', (_, url) => {
    expect(isAllowedExternalUrl(url)).toBe(false);
  });
});

describe('navigationDecision', () => {
  it('lets the app page navigate within itself', () => {
    expect(navigationDecision('file:///app/out/renderer/index.html#/runs', page)).toBe('allow');
  });

  it('sends a listed link to the system browser instead of navigating', () => {
    expect(navigationDecision('https://github.com/x', page)).toBe('open-external');
  });

  it('denies every other page, including other local files', () => {
    expect(navigationDecision('https://evil.example/', page)).toBe('deny');
    expect(navigationDecision('file:///tmp/evil.html', page)).toBe('deny');
  });
});

describe('windowOpenDecision', () => {
  it('never opens a window, not even on the app page itself', () => {
    expect(windowOpenDecision('file:///app/out/renderer/index.html')).toBe('deny');
    expect(windowOpenDecision('https://evil.example/')).toBe('deny');
    expect(windowOpenDecision('https://github.com/x')).toBe('open-external');
  });
});
