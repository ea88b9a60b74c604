import { existsSync } from 'node:fs';
import { join } from 'node:path';
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
 * A worker's script. Built (electron-vite), it sits beside the main bundle, whose folder the
 * Electron main process names in AVLAB_BUNDLE_DIR; from sources (CLI via tsx, tests) it is the
 * TypeScript file beside this one, loaded through tsx.
 */
export function workerEntry(name: 'worker' | 'data-worker'): WorkerEntry {
  const bundleDir = process.env.AVLAB_BUNDLE_DIR;
  const built = bundleDir ? join(bundleDir, `${name}.js`) : null;
  if (built && existsSync(built)) return { file: built };
  return typescriptWorker(fileURLToPath(new URL(`./${name}.ts`, import.meta.url)));
}

export const trainingWorkerEntry = (): WorkerEntry => workerEntry('worker');

/**
 * A data-parallel peer of a training run (engine/parallel/peer-worker.ts): built, `train-peer.js`
 * beside the main bundle; from sources, the TypeScript file through tsx.
 */
export function trainPeerEntry(): WorkerEntry {
  const bundleDir = process.env.AVLAB_BUNDLE_DIR;
  const built = bundleDir ? join(bundleDir, 'train-peer.js') : null;
  if (built && existsSync(built)) return { file: built };
  return typescriptWorker(
    fileURLToPath(new URL('../engine/parallel/peer-worker.ts', import.meta.url)),
  );
}
