import type { ServerResponse } from 'node:http';
import { cspFor } from './content-security-policy';

/** What every web-mode response carries, whatever it is: page, asset, API answer or error. */
export function securityHeaders(port: number): Record<string, string> {
  return {
    'content-security-policy': cspFor({ kind: 'web', port }),
    // frame-ancestors covers current browsers; X-Frame-Options the ones that predate it.
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    // Another site can neither embed these responses nor share a browsing context with the page.
    'cross-origin-resource-policy': 'same-origin',
    'cross-origin-opener-policy': 'same-origin',
  };
}

export function setSecurityHeaders(res: ServerResponse, port: number): void {
  for (const [name, value] of Object.entries(securityHeaders(port))) res.setHeader(name, value);
}
