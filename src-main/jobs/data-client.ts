import { Worker } from 'node:worker_threads';
import { ApiError } from '@shared/api/envelope';
import type { DataErrorData } from '../data/data-errors';
import type { DataRequest, DataRequestBody, DataWorkerMessage } from './data-protocol';
import { workerEntry } from './worker-entry';

interface Pending {
  resolve(result: unknown): void;
  reject(error: Error): void;
  onProgress?: (p: { stage: string; done: number; total: number }) => void;
}

/** The main side of the data worker: started on first use, restarted if it dies. */
export class DataWorkerClient {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(private readonly dataDir: string) {}

  request<T>(body: DataRequestBody, onProgress?: Pending['onProgress']): Promise<T> {
    const requestId = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(requestId, { resolve: resolve as (r: unknown) => void, reject, onProgress });
      this.ensureWorker().postMessage({ ...body, requestId, dataDir: this.dataDir } as DataRequest);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const entry = workerEntry('data-worker');
    const worker = new Worker(entry.file, { workerData: entry.workerData });
    worker.on('message', (message: DataWorkerMessage) => {
      const pending = this.pending.get(message.requestId);
      if (!pending) return;
      if (message.type === 'progress') pending.onProgress?.(message);
      else {
        this.pending.delete(message.requestId);
        if (message.type === 'result') pending.resolve(message.result);
        else pending.reject(asApiError(message.error));
      }
    });
    const fail = (reason: string) => {
      if (this.worker === worker) this.worker = null;
      for (const [id, pending] of this.pending) {
        this.pending.delete(id);
        pending.reject(new Error(reason));
      }
    };
    worker.on('error', (error) => fail(`the data worker crashed: ${error.message}`));
    worker.on('exit', (code) => fail(`the data worker exited with code ${code}`));
    this.worker = worker;
    return worker;
  }
}

/** Fields come back relative to the request's params, as the API names every field. */
function asApiError(error: DataErrorData): Error {
  if (error.kind === 'internal') return new Error(error.message);
  const field = error.field === undefined ? undefined : `params.${error.field}`;
  return new ApiError({
    kind: error.kind,
    message: error.message,
    issues: field ? [{ field, message: error.message }] : undefined,
  });
}
