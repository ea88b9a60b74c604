import { createReadStream, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import {
  type RemoteReport,
  type RemoteTrainJob,
  RemoteTrainJobSchema,
} from '@shared/domain/distributed';

/** The coordinator said no (4xx): a stale lease, a run already done, a bad token. Not retried. */
export class CoordinatorRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'CoordinatorRefusal';
  }
}

export interface CoordinatorClientOptions {
  /** Where the coordinator is now (Redis knows it after a restart on another port). */
  url: () => Promise<string>;
  token: string;
  /** How long to keep retrying while the coordinator is unreachable (it may be restarting). */
  patienceMs?: number;
}

/**
 * A worker's calls to its coordinator's HTTP API. While the coordinator cannot be reached (down,
 * restarting), calls are retried for `patienceMs` (10 min by default): reports are kept, in
 * order, until it is back, so a restart of the workbench loses nothing.
 */
export class CoordinatorClient {
  constructor(private readonly options: CoordinatorClientOptions) {}

  async startRun(runId: number): Promise<RemoteTrainJob> {
    const result = await this.json('POST', `/api/distributed/runs/${runId}/start`);
    return RemoteTrainJobSchema.parse(result);
  }

  async artifact(sha256: string): Promise<ReadableStream<Uint8Array>> {
    const response = await this.request('GET', `/api/distributed/artifacts/${sha256}`);
    if (!response.body) throw new Error(`artifact ${sha256}: empty response`);
    return response.body;
  }

  async uploadCheckpoint(
    runId: number,
    epoch: number,
    lease: string,
    file: string,
    sha256: string,
  ): Promise<void> {
    await this.request(
      'PUT',
      `/api/distributed/runs/${runId}/checkpoints/${epoch}?lease=${lease}`,
      () => ({
        body: Readable.toWeb(createReadStream(file)) as ReadableStream,
        headers: {
          'x-avlab-sha256': sha256,
          'content-length': String(statSync(file).size),
        },
      }),
    );
  }

  async report(runId: number, lease: string, reports: RemoteReport[]): Promise<void> {
    await this.json('POST', `/api/distributed/runs/${runId}/reports`, { lease, reports });
  }

  private async json(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await this.request(method, path, () => ({
      body: body === undefined ? undefined : JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    }));
    const envelope = (await response.json()) as { result?: unknown };
    return envelope.result;
  }

  private async request(
    method: string,
    path: string,
    init: () => { body?: string | ReadableStream; headers?: Record<string, string> } = () => ({}),
  ): Promise<Response> {
    const deadline = Date.now() + (this.options.patienceMs ?? 600_000);
    for (let attempt = 0; ; attempt++) {
      let problem: string;
      try {
        const { body, headers } = init();
        const response = await fetch(`${await this.options.url()}${path}`, {
          method,
          body,
          headers: { ...headers, authorization: `Bearer ${this.options.token}` },
          ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
        } as RequestInit);
        if (response.ok) return response;
        const text = await response.text();
        const message = safeMessage(text) ?? `HTTP ${response.status}`;
        if (response.status < 500) throw new CoordinatorRefusal(response.status, message);
        problem = message;
      } catch (error) {
        if (error instanceof CoordinatorRefusal) throw error;
        problem = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
      }
      if (Date.now() > deadline)
        throw new Error(`the coordinator did not answer ${method} ${path}: ${problem}`);
      await new Promise((r) => setTimeout(r, Math.min(250 * 2 ** attempt, 5000)));
    }
  }
}

function safeMessage(text: string): string | null {
  try {
    return (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? null;
  } catch {
    return null;
  }
}
