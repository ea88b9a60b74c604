import { type AppPage, isAppPage } from './app-page';

/**
 * Hosts whose pages may be handed to the system browser. The UI links to none today (Plotly's
 * logo link is off); the project's own pages are the one expected addition. Add a host here when
 * the UI gains a link to it, never a pattern.
 */
export const EXTERNAL_LINK_HOSTS: readonly string[] = ['github.com'];

/** https on the default port to a listed host, without credentials: never file:, smb:, custom schemes or http. */
export function isAllowedExternalUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === 'https:' &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === '' &&
    EXTERNAL_LINK_HOSTS.includes(parsed.hostname)
  );
}

export type LinkDecision = 'allow' | 'open-external' | 'deny';

/** A page navigating (or being redirected): only to the app itself; a listed link goes outside. */
export function navigationDecision(url: string, page: AppPage): LinkDecision {
  if (isAppPage(url, page)) return 'allow';
  return isAllowedExternalUrl(url) ? 'open-external' : 'deny';
}

/** window.open and target=_blank: the app never opens a second window of its own. */
export function windowOpenDecision(url: string): Exclude<LinkDecision, 'allow'> {
  return isAllowedExternalUrl(url) ? 'open-external' : 'deny';
}
