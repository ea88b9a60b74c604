import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiEnvelope } from '@shared/api/envelope';
import sirv from 'sirv';
import { WebSocketServer } from 'ws';
import { dispatch } from '../api/dispatch';
import type { ApiRuntime } from '../api/runtime';
import { readBodyUpTo, sendJson } from './http-json';
import { hostAllowed, originAllowed } from './request-guards';
import { setSecurityHeaders } from './security-headers';
import { newToken, requestToken, tokenMatches } from './token';

const MAX_BODY_BYTES = 8 * 1024 * 1024;
const HOST = '127.0.0.1';
const FOREIGN_ORIGIN =
  'Requests from another origin are refused: open the workbench at the URL printed at start-up.';

export interface WebServer {
  url: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

export interface WebServerOptions {
  runtime: ApiRuntime;
  /** The built renderer (out/renderer); the API works without it. */
  staticDir?: string;
  port?: number;
  token?: string;
}

/** Web mode: the renderer and the same API over HTTP + WebSocket, on loopback only, behind a token. */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? newToken();
  const serveStatic =
    options.staticDir && existsSync(options.staticDir)
      ? sirv(options.staticDir, { single: true, dev: false, etag: true })
      : null;

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      console.error('web request failed:', error);
      if (!res.headersSent) sendJson(res, 500, failure('internal', 'Internal server error.'));
    });
  });

  const listeningPort = () => (server.address() as AddressInfo).port;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://${HOST}`);
    const port = listeningPort();
    setSecurityHeaders(res, port);
    if (!hostAllowed(req, port)) {
      sendJson(res, 403, failure('unauthorized', 'Requests must address 127.0.0.1 or localhost.'));
      return;
    }
    if (!url.pathname.startsWith('/api/')) {
      if (serveStatic) serveStatic(req, res, () => notFound(res));
      else notFound(res, 'The renderer is not built: run `npm run build` first.');
      return;
    }
    if (!originAllowed(req, port)) {
      sendJson(res, 403, failure('unauthorized', FOREIGN_ORIGIN));
      return;
    }
    if (!tokenMatches(token, requestToken(req, url))) {
      sendJson(
        res,
        401,
        failure('unauthorized', 'Missing or wrong token: open the URL printed at start-up.'),
      );
      return;
    }
    if (url.pathname === '/api/health' && req.method === 'GET') {
      sendJson(res, 200, { ok: true, result: { status: 'ok' } });
      return;
    }
    const call = /^\/api\/call\/([\w.]+)$/.exec(url.pathname);
    if (call && req.method === 'POST') {
      const body = await readJsonBody(req);
      const envelope = body.ok
        ? await dispatch(options.runtime.handlers, call[1]!, body.value)
        : body.envelope;
      sendJson(res, statusFor(envelope), envelope);
      return;
    }
    notFound(res);
  }

  const sockets = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', `http://${HOST}`);
    const port = listeningPort();
    // A page of any origin may open a WebSocket (no CORS), so Origin is checked here too.
    if (!hostAllowed(req, port) || !originAllowed(req, port)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    if (url.pathname !== '/api/events' || !tokenMatches(token, requestToken(req, url))) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => {
      const unsubscribe = options.runtime.ctx.events.subscribe((event) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(event));
      });
      ws.on('close', unsubscribe);
      ws.send(
        JSON.stringify({
          type: 'log',
          level: 'info',
          message: 'events connected',
          at: new Date().toISOString(),
        }),
      );
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    token,
    port,
    url: `http://${HOST}:${port}/?token=${token}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

type BodyResult = { ok: true; value: unknown } | { ok: false; envelope: ApiEnvelope<never> };

async function readJsonBody(req: IncomingMessage): Promise<BodyResult> {
  const body = await readBodyUpTo(req, MAX_BODY_BYTES);
  if (!body) {
    return {
      ok: false,
      envelope: failure('invalid_request', `Request body over ${MAX_BODY_BYTES} bytes.`),
    };
  }
  const text = body.toString('utf8');
  if (text.trim() === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return {
      ok: false,
      envelope: failure(
        'invalid_request',
        `Request body is not JSON: ${(error as Error).message}`,
        [{ field: 'body', message: 'not valid JSON' }],
      ),
    };
  }
}

function statusFor(envelope: ApiEnvelope<unknown>): number {
  if (envelope.ok) return 200;
  return {
    invalid_request: 400,
    unauthorized: 401,
    not_found: 404,
    conflict: 409,
    unavailable: 503,
    internal: 500,
  }[envelope.error.kind];
}

function failure(
  kind: 'invalid_request' | 'unauthorized' | 'internal' | 'not_found',
  message: string,
  issues?: { field: string; message: string }[],
): ApiEnvelope<never> {
  return { ok: false, error: { kind, message, issues } };
}

function notFound(res: ServerResponse, message = 'Not found.'): void {
  sendJson(res, 404, failure('not_found', message));
}
