import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface WorkerEntry {
  file: string;
  workerData?: { tsEntry: string };
}

const BOOTSTRAP = fileURLToPath(new URL('./ts-worker-bootstrap.mjs', import.meta.url));

/** Runs a TypeScript worker from sources through the tsx bootstrap. */
export function typescriptWorker(tsFile: string): WorkerEntry {
  return { file: BOOTSTRAP, workerData: { tsEntry: pathToFileURL(tsFile).href } };
}

/**
 * The training worker's script. Built (electron-vite), it sits beside the main bundle as
 * `worker.js`; from sources (CLI via tsx, tests) it is `worker.ts`, loaded through tsx.
 */
export function trainingWorkerEntry(): WorkerEntry {
  const built = fileURLToPath(new URL('./worker.js', import.meta.url));
  if (!import.meta.url.endsWith('.ts') && existsSync(built)) return { file: built };
  return typescriptWorker(fileURLToPath(new URL('./worker.ts', import.meta.url)));
}
