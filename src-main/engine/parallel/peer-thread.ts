import { Worker } from 'node:worker_threads';
import type { FromPeer, ToPeer } from './protocol';

/** How to start a peer thread: the built script, or the TypeScript one through a loader. */
export interface PeerScript {
  file: string;
  workerData?: unknown;
}

/**
 * One peer thread and its one request in flight. Peers outlive a run: starting one costs a
 * TensorFlow.js and wasm load (seconds), so a finished group hands them back to an idle pool for
 * the next run of the same process (the training worker runs job after job).
 */
export class PeerThread {
  private pending: ((message: FromPeer) => void) | null = null;
  private failure: Error | null = null;

  private constructor(
    readonly script: PeerScript,
    private readonly worker: Worker,
  ) {
    worker.on('message', (m: FromPeer) => this.pending?.(m));
    worker.on('error', (e) => this.fail(e));
    worker.on('exit', (code) => this.fail(new Error(`exited with code ${code}`)));
  }

  private static idle: PeerThread[] = [];

  /** An idle peer started from the same script, or a new one. */
  static acquire(script: PeerScript): PeerThread {
    const i = PeerThread.idle.findIndex((p) => p.script.file === script.file && p.healthy);
    const peer =
      i >= 0
        ? PeerThread.idle.splice(i, 1)[0]!
        : new PeerThread(script, new Worker(script.file, { workerData: script.workerData }));
    peer.worker.ref();
    return peer;
  }

  /** Back to the idle pool (unreferenced, so it never keeps the process alive), or ended. */
  async release(): Promise<void> {
    if (!this.healthy || this.pending) {
      this.failure ??= new Error('released with a request in flight');
      await this.worker.terminate();
      return;
    }
    this.worker.unref();
    PeerThread.idle.push(this);
  }

  /** Ends every idle peer (tests and benchmarks that want a clean exit). */
  static async closeIdle(): Promise<void> {
    const idle = PeerThread.idle.splice(0);
    await Promise.all(idle.map((p) => p.worker.terminate()));
  }

  get healthy(): boolean {
    return this.failure === null;
  }

  request(message: ToPeer): Promise<FromPeer> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.pending) return Promise.reject(new Error('a peer serves one request at a time'));
    return new Promise((resolve, reject) => {
      this.pending = (reply) => {
        this.pending = null;
        if (reply.type === 'error') reject(new Error(`data-parallel peer: ${reply.message}`));
        else resolve(reply);
      };
      this.worker.postMessage(message);
    });
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    this.pending?.({ type: 'error', message: error.message });
  }
}
