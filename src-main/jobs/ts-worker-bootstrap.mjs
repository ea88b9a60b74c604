// Loads a TypeScript worker from sources: Node 20 resolves a worker's main script before any
// `--import` hook can apply, so this plain-JS entry registers tsx first, then imports it.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.tsEntry);
