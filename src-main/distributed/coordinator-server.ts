import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { RemoteReportBatchSchema } from '@shared/domain/distributed';
import type { z } from 'zod';
import { readBodyUpTo, sendJson } from '../server/http-json';
import { requestToken, tokenMatches } from '../server/token';
import { type Coordinator, CoordinatorError } from './coordinator';

const MAX_REPORT_BYTES = 32 * 1024 * 1024;

export interface CoordinatorServer {
  /** What workers are told to reach (in each job, and in Redis). */
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface CoordinatorServerOptions {
  /** Interface to listen on: 127.0.0.1 (workers on this machine), 0.0.0.0 for a lab network. */
  host: string;
  /** 0 picks a free port; a fixed one lets workers find a restarted coordinator at once. */
  port: number;
  token: string;
  /** The URL to give workers, when the listening address is not how they reach it. */
  advertise?: string;
}

/**
 * The coordinator's HTTP API for workers, behind a bearer token as web mode is: a worker starts a
 * run, fetches artifacts by hash, uploads checkpoints (hash-checked) and sends reports. Apart from
 * the web-mode server, which answers only on loopback, because workers are other machines.
 */
export async function startCoordinatorServer(
  options: CoordinatorServerOptions,
  coordinator: () => Coordinator,
): Promise<CoordinatorServer> {
  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      const status = error instanceof CoordinatorError ? error.status : 500;
      if (status === 500) console.error('coordinator request failed:', error);
      if (!res.headersSent) sendJson(res, status, failure((error as Error).message));
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://coordinator');
    if (!tokenMatches(options.token, requestToken(req, url))) {
      sendJson(res, 401, failure('missing or wrong worker token (avlab worker --token)'));
      return;
    }
    const path = url.pathname;
    const route = (method: string, pattern: RegExp) =>
      req.method === method ? pattern.exec(path) : null;
    let m = route('POST', /^\/api\/distributed\/runs\/(\d+)\/start$/);
    if (m) {
      sendJson(res, 200, { ok: true, result: await coordinator().startRun(Number(m[1])) });
      return;
    }
    m = route('GET', /^\/api\/distributed\/artifacts\/([0-9a-f]{64})$/);
    if (m) {
      const file = coordinator().artifacts.pathOf(m[1]!);
      if (!file) throw new CoordinatorError(404, `no artifact ${m[1]} here`);
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      createReadStream(file)
        .on('error', () => res.destroy())
        .pipe(res);
      return;
    }
    m = route('PUT', /^\/api\/distributed\/runs\/(\d+)\/checkpoints\/(\d+)$/);
    if (m) {
      const sha256 = String(req.headers['x-avlab-sha256'] ?? '');
      if (!/^[0-9a-f]{64}$/.test(sha256))
        throw new CoordinatorError(400, 'header x-avlab-sha256: a sha256 in lower-case hex');
      await coordinator().receiveCheckpoint(
        Number(m[1]),
        Number(m[2]),
        url.searchParams.get('lease') ?? '',
        sha256,
        req,
      );
      sendJson(res, 200, { ok: true, result: null });
      return;
    }
    m = route('POST', /^\/api\/distributed\/runs\/(\d+)\/reports$/);
    if (m) {
      const batch = RemoteReportBatchSchema.safeParse(await readJson(req));
      if (!batch.success) throw new CoordinatorError(400, `reports: ${describe(batch.error)}`);
      await coordinator().applyReports(Number(m[1]), batch.data.lease, batch.data.reports);
      sendJson(res, 200, { ok: true, result: null });
      return;
    }
    if (req.method === 'GET' && path === '/api/distributed/workers') {
      sendJson(res, 200, { ok: true, result: await coordinator().workers() });
      return;
    }
    sendJson(res, 404, failure(`no route ${req.method} ${path}`));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = options.host === '0.0.0.0' || options.host === '::' ? hostname() : options.host;
  return {
    url: options.advertise ?? `http://${shownHost}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function describe(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const body = await readBodyUpTo(req, MAX_REPORT_BYTES);
  if (!body) throw new CoordinatorError(400, 'report batch too large');
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new CoordinatorError(400, `body is not JSON: ${(error as Error).message}`);
  }
}

function failure(message: string) {
  return { ok: false, error: { message } };
}
