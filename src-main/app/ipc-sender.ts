import type { ApiEnvelope } from '@shared/api/envelope';
import { type AppPage, isAppPage } from './app-page';

/** The parts of Electron's WebFrameMain the check reads (null once the frame is gone). */
export interface SenderFrame {
  url: string;
  parent: unknown;
}

/**
 * Only the app's own top-level page may call the API: not a subframe, not a page the window was
 * somehow navigated to, not a frame that has already gone away.
 */
export function isTrustedSender(frame: SenderFrame | null | undefined, page: AppPage): boolean {
  return !!frame && frame.parent === null && isAppPage(frame.url, page);
}

export const UNTRUSTED_SENDER: ApiEnvelope<never> = {
  ok: false,
  error: { kind: 'unauthorized', message: 'Only the app’s own page may call its API.' },
};
