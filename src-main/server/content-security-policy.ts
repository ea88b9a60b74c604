/**
 * The one Content-Security-Policy of the renderer, in the three places it is delivered:
 * - `meta`: the `<meta>` tag in src-renderer/index.html (the only carrier for file:// in Electron);
 * - `electron`: the header Electron adds to the renderer's own responses;
 * - `web`: the header `avlab serve` sends, which knows its port.
 * index.html is checked against `cspFor({ kind: 'meta' })` by a test, so the copies cannot drift.
 */
export type CspTarget = { kind: 'meta' } | { kind: 'electron' } | { kind: 'web'; port: number };

const COMMON: readonly (readonly [string, string])[] = [
  ['default-src', "'self'"],
  // Plotly carries an `eval` and a `new Function`, on code paths (regl for WebGL traces, a
  // polyfill's global lookup) the charts never take, so 'unsafe-eval' stays out.
  ['script-src', "'self'"],
  // 'unsafe-inline' for styles, because both UI libraries write <style> elements at run time:
  // Mantine its theme variables, breakpoint classes and responsive style props; Plotly its
  // global and per-graph rules (the mode bar falls out of place without them) and MapLibre's
  // CSS at bundle load. Under `style-src 'self'` all five are blocked. A nonce would need a fresh
  // value per load, which file:// cannot give (see README, Security). An injected style cannot
  // reach another host: every fetch directive below is 'self', data: or blob:.
  ['style-src', "'self' 'unsafe-inline'"],
  ['img-src', "'self' data: blob:"],
  ['media-src', "'self' data: blob:"],
  ['font-src', "'self' data:"],
  ['object-src', "'none'"],
  ['frame-src', "'none'"],
  ['worker-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
];

/** Where the page may connect: Electron talks over IPC; web mode to its own HTTP and WebSocket. */
function connectSources(target: CspTarget): string {
  switch (target.kind) {
    case 'electron':
      return "'self'";
    case 'web':
      return `'self' ws://127.0.0.1:${target.port} ws://localhost:${target.port}`;
    case 'meta':
      // The built file cannot know the port `avlab serve` will pick; the web header narrows it.
      return "'self' ws://127.0.0.1:* ws://localhost:*";
  }
}

export function cspFor(target: CspTarget): string {
  const directives = [...COMMON, ['connect-src', connectSources(target)] as const];
  // Chromium ignores frame-ancestors in a <meta> policy and logs an error for it.
  if (target.kind !== 'meta') directives.push(['frame-ancestors', "'none'"]);
  return directives.map(([name, value]) => `${name} ${value}`).join('; ');
}
