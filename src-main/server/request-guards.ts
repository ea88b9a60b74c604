import type { IncomingMessage } from 'node:http';

/** The two names this loopback server answers to; anything else is someone else's page. */
function ownOrigins(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

/** Refuses other Host names so that a web page cannot reach this server through DNS rebinding. */
export function hostAllowed(req: IncomingMessage, port: number): boolean {
  return ownOrigins(port).includes(req.headers.host ?? '');
}

/**
 * A browser names the page behind every POST, fetch and WebSocket in `Origin`; a page of another
 * origin must not drive the API even if it learnt the token. A request without Origin comes
 * from a CLI or script, not from a page, and the token alone decides.
 */
export function originAllowed(req: IncomingMessage, port: number): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  return ownOrigins(port).some((own) => origin === `http://${own}`);
}
