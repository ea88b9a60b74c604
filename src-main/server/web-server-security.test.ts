import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { tempHome } from '../../tests/helpers/temp-home';
import { type ApiRuntime, startApiRuntime } from '../api/runtime';
import { startWebServer, type WebServer } from './web-server';

// The real server on a free loopback port: what a hostile page in the same browser can and cannot do.
let home: ReturnType<typeof tempHome>;
let runtime: ApiRuntime;
let server: WebServer;
let base: string;

beforeAll(async () => {
  home = tempHome();
  const staticDir = join(home.dir, 'renderer');
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
  runtime = startApiRuntime({ home: join(home.dir, 'data'), transport: 'http' });
  server = await startWebServer({ runtime, staticDir, port: 0 });
  base = `http://127.0.0.1:${server.port}`;
});

afterAll(async () => {
  await server.close();
  await runtime.close();
  home.remove();
});

const FOREIGN = 'http://evil.example';
const withToken = (origin?: string) => ({
  authorization: `Bearer ${server.token}`,
  ...(origin ? { origin } : {}),
});
const callInfo = (headers: Record<string, string>) =>
  fetch(`${base}/api/call/app.info`, { method: 'POST', headers, body: '{}' });

/** Opens the event socket with this Origin (none if undefined); resolves 'open' or the refusal. */
function openEvents(origin: string | undefined, token = server.token): Promise<string> {
  const socket = new WebSocket(
    `ws://127.0.0.1:${server.port}/api/events?token=${token}`,
    origin ? { origin } : {},
  );
  return new Promise((resolve) => {
    socket.on('open', () => {
      socket.close();
      resolve('open');
    });
    socket.on('unexpected-response', (_, res) => resolve(String(res.statusCode)));
    socket.on('error', (error) => resolve(error.message));
  });
}

describe('web mode security headers', () => {
  const responses = {
    page: () => fetch(`${base}/`),
    'unknown page (SPA fallback)': () => fetch(`${base}/anything`),
    'API answer': () => callInfo(withToken()),
    'API refusal': () => fetch(`${base}/api/health`),
    'foreign-origin refusal': () => callInfo(withToken(FOREIGN)),
  };

  for (const [kind, request] of Object.entries(responses)) {
    it(`sends CSP with frame-ancestors, X-Frame-Options, nosniff and no-referrer on a ${kind}`, async () => {
      const response = await request();
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain(`ws://127.0.0.1:${server.port}`);
      expect(csp).not.toContain('ws://127.0.0.1:*');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    });
  }
});

describe('web mode Origin check', () => {
  it('refuses an API call from a foreign Origin with 403 even with the token', async () => {
    const response = await callInfo(withToken(FOREIGN));
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ ok: false, error: { kind: 'unauthorized' } });
  });

  it('refuses the null Origin of sandboxed frames and file:// pages', async () => {
    expect((await callInfo(withToken('null'))).status).toBe(403);
  });

  it('refuses an Origin on the right host but another port or scheme', async () => {
    expect((await callInfo(withToken(`http://127.0.0.1:${server.port + 1}`))).status).toBe(403);
    expect((await callInfo(withToken(`https://127.0.0.1:${server.port}`))).status).toBe(403);
  });

  it('answers its own page, by either loopback name, and a caller without Origin', async () => {
    expect((await callInfo(withToken(base))).status).toBe(200);
    expect((await callInfo(withToken(`http://localhost:${server.port}`))).status).toBe(200);
    expect((await callInfo(withToken())).status).toBe(200);
  });

  it('still wants the token from its own page', async () => {
    expect((await callInfo({ origin: base })).status).toBe(401);
  });

  it('refuses the event WebSocket from a foreign Origin even with the token', async () => {
    expect(await openEvents(FOREIGN)).toBe('403');
  });

  it('opens the event WebSocket from its own page and without Origin, with the token', async () => {
    expect(await openEvents(base)).toBe('open');
    expect(await openEvents(undefined)).toBe('open');
    expect(await openEvents(base, 'wrong')).toBe('401');
  });
});
