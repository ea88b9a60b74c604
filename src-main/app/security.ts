import { app, type Session, shell, type WebContents } from 'electron';
import { cspFor } from '../server/content-security-policy';
import type { AppPage } from './app-page';
import { navigationDecision, windowOpenDecision } from './link-policy';

// Electron glue only: every decision is made by the plain functions in app-page.ts,
// link-policy.ts and ipc-sender.ts, which are tested in Node.

/** The app asks for no permission (no camera, microphone, notifications, clipboard, devices). */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_, permission, callback) => {
    console.warn(`permission denied: ${permission}`);
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

/**
 * Header copy of the meta policy, adding what a <meta> cannot carry (frame-ancestors) and
 * X-Frame-Options. Electron may not raise header events for file:// (electron#23485); the meta
 * policy then stands alone, and framing stays impossible anyway: navigation, new windows,
 * webviews and frames (frame-src 'none') are all refused.
 */
export function addPolicyHeaders(session: Session): void {
  session.webRequest.onHeadersReceived({ urls: ['file://*/*'] }, (details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [cspFor({ kind: 'electron' })],
        'X-Frame-Options': ['DENY'],
        'X-Content-Type-Options': ['nosniff'],
      },
    });
  });
}

function followDecision(
  decision: ReturnType<typeof navigationDecision>,
  url: string,
  event: { preventDefault(): void },
): void {
  if (decision === 'allow') return;
  event.preventDefault();
  if (decision === 'open-external') void shell.openExternal(url);
  else console.warn(`navigation refused: ${url}`);
}

/** Every web contents, present and future: no leaving the app page, no windows, no webviews. */
export function guardWebContents(page: AppPage): void {
  app.on('web-contents-created', (_, contents: WebContents) => {
    contents.on('will-navigate', (event) => {
      followDecision(navigationDecision(event.url, page), event.url, event);
    });
    contents.on('will-redirect', (event) => {
      followDecision(navigationDecision(event.url, page), event.url, event);
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (windowOpenDecision(url) === 'open-external') void shell.openExternal(url);
      else console.warn(`window refused: ${url}`);
      return { action: 'deny' };
    });
  });
}
