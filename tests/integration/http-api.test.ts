import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type ApiRuntime, startApiRuntime } from '../../src-main/api/runtime';
import { startWebServer, type WebServer } from '../../src-main/server/web-server';
import { tempHome } from '../helpers/temp-home';

// The HTTP transport end to end: token, validation errors, and one event stream.
let home: ReturnType<typeof tempHome>;
let runtime: ApiRuntime;
let server: WebServer;
let base: string;

beforeAll(async () => {
  home = tempHome();
  runtime = startApiRuntime({ home: home.dir, transport: 'http' });
  server = await startWebServer({ runtime, port: 0 });
  base = `http://127.0.0.1:${server.port}`;
});

afterAll(async () => {
  await server.close();
  await runtime.close();
  home.remove();
});

const bearer = () => ({ authorization: `Bearer ${server.token}` });

describe('HTTP API', () => {
  it('GET /api/health answers 401 without the token and 200 with it, by query or header', async () => {
    expect((await fetch(`${base}/api/health`)).status).toBe(401);
    expect((await fetch(`${base}/api/health?token=wrong`)).status).toBe(401);
    expect((await fetch(`${base}/api/health?token=${server.token}`)).status).toBe(200);
    expect((await fetch(`${base}/api/health`, { headers: bearer() })).status).toBe(200);
  });

  it('prints a URL that carries the token and binds to loopback', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
  });

  it('refuses API calls without the token', async () => {
    const response = await fetch(`${base}/api/call/app.info`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ ok: false, error: { kind: 'unauthorized' } });
  });

  it('answers a valid call', async () => {
    const response = await fetch(`${base}/api/call/app.info`, {
      method: 'POST',
      headers: bearer(),
      body: '{}',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      ok: true,
      result: { transport: 'http', dataDir: home.dir },
    });
  });

  it('answers a malformed request with 400 naming the field', async () => {
    const response = await fetch(`${base}/api/call/settings.update`, {
      method: 'POST',
      headers: bearer(),
      body: JSON.stringify({ concurrency: 'many' }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { ok: boolean; error: { issues: unknown[] } };
    expect(body.ok).toBe(false);
    expect(body.error.issues).toEqual([
      { field: 'params.concurrency', message: expect.any(String) },
    ]);
  });

  it('answers a body that is not JSON with 400', async () => {
    const response = await fetch(`${base}/api/call/settings.update`, {
      method: 'POST',
      headers: bearer(),
      body: '{',
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { issues: { field: string }[] } };
    expect(body.error.issues[0]?.field).toBe('body');
  });

  it('answers an unknown method with 404', async () => {
    const response = await fetch(`${base}/api/call/nope.nothing`, {
      method: 'POST',
      headers: bearer(),
      body: '{}',
    });
    expect(response.status).toBe(404);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: server.port,
          path: `/api/health?token=${server.token}`,
          headers: { host: 'evil.example:80' },
        },
        (res) => resolve(res.statusCode ?? 0),
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
  });

  it('streams events over the WebSocket, and refuses a socket without the token', async () => {
    const refused = new WebSocket(`ws://127.0.0.1:${server.port}/api/events`);
    await expect(
      new Promise((resolve, reject) => refused.on('open', resolve).on('error', reject)),
    ).rejects.toThrow(/401/);

    const socket = new WebSocket(`ws://127.0.0.1:${server.port}/api/events?token=${server.token}`);
    const events: { type: string; settings?: { theme: string } }[] = [];
    socket.on('message', (data) => events.push(JSON.parse(String(data))));
    await new Promise((resolve) => socket.on('open', resolve));
    await fetch(`${base}/api/call/settings.update`, {
      method: 'POST',
      headers: bearer(),
      body: JSON.stringify({ theme: 'dark' }),
    });
    await expect
      .poll(() => events.find((e) => e.type === 'settings.changed'))
      .toMatchObject({ settings: { theme: 'dark' } });
    socket.close();
  });
});
