import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import {
  BACKENDS,
  type BackendName,
  BackendNameSchema,
  type BackendReport,
} from '@shared/domain/backend';
import * as tf from '@tensorflow/tfjs';
import { BACKEND_PACKAGES } from './backend-packages';
import { fusedKernelsActive } from './wasm-kernels/fused-kernels';
import { installHeapAccounting } from './wasm-kernels/heap-accounting';
import { matmulStatus, setMatmulThreads } from './wasm-kernels/matmul-path';
import { registerWasmKernels } from './wasm-kernels/register';

const require = createRequire(import.meta.url);

/** The tfjs registry name each backend registers under. */
const TFJS_NAME: Record<BackendName, string> = {
  'tensorflow-gpu': 'tensorflow',
  tensorflow: 'tensorflow',
  wasm: 'wasm',
  cpu: 'cpu',
};

let chosen: BackendReport | null = null;

/**
 * Picks the best backend that loads: tfjs-node-gpu → tfjs-node → wasm (SIMD) → cpu. An explicit
 * `override` (or env AVLAB_BACKEND) must load or this throws; otherwise the first that loads
 * wins and every better one is reported with the reason it was skipped. Once per process: a
 * native addon cannot be loaded twice, so later calls return the first report.
 */
export async function selectBackend(
  override?: BackendName,
  options: { cores?: number } = {},
): Promise<BackendReport> {
  if (chosen) {
    if (options.cores !== undefined) applyCores(options.cores);
    return chosen;
  }
  const fromEnv = process.env.AVLAB_BACKEND;
  let forced = override;
  if (!forced && fromEnv) {
    const parsed = BackendNameSchema.safeParse(fromEnv);
    if (!parsed.success)
      throw new Error(`AVLAB_BACKEND="${fromEnv}" is not one of ${BACKENDS.join(', ')}`);
    forced = parsed.data;
  }
  const skipped: BackendReport['skipped'] = [];
  for (const name of BACKENDS) {
    if (forced && name !== forced) {
      if (BACKENDS.indexOf(name) < BACKENDS.indexOf(forced))
        skipped.push({
          name,
          reason: override
            ? `overridden: ${forced} requested`
            : `overridden by AVLAB_BACKEND=${forced}`,
        });
      continue;
    }
    const failure = await tryLoad(name);
    if (failure === null) {
      chosen = { name, skipped };
      if (options.cores !== undefined) applyCores(options.cores);
      else chosen = { ...chosen, ...computeOf(name) };
      return chosen;
    }
    if (forced) throw new Error(`backend ${forced} was requested but failed to load: ${failure}`);
    skipped.push({ name, reason: failure });
  }
  throw new Error(
    `no TensorFlow.js backend loaded: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`,
  );
}

/** null when the backend is now active, else why not. */
async function tryLoad(name: BackendName): Promise<string | null> {
  const pkg = BACKEND_PACKAGES[name];
  try {
    require.resolve(pkg);
  } catch {
    return `package ${pkg} is not installed`;
  }
  try {
    if (name === 'tensorflow' || name === 'tensorflow-gpu') await import(/* @vite-ignore */ pkg);
    if (name === 'wasm') {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      const dist = join(
        dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')),
        'dist',
      );
      wasm.setWasmPaths(`${dist}/`);
    }
    const ok = await tf.setBackend(TFJS_NAME[name]);
    if (!ok) return `${pkg} loaded but tf.setBackend('${TFJS_NAME[name]}') failed`;
    await tf.ready();
    if (name === 'wasm') {
      installHeapAccounting(); // also with AVLAB_WASM_KERNELS=0, so before/after compare alike
      registerWasmKernels();
    }
    return null;
  } catch (e) {
    return `${pkg} failed to load: ${(e as Error).message}`;
  }
}

/**
 * On wasm: which path the matmuls take and with how many threads (with OpenBLAS the matmuls use
 * `threads` cores and every other kernel one; without it everything runs on one), OpenBLAS's
 * build and kernel set, and whether the fused kernels run: what decides a run's rounding.
 */
function computeOf(
  name: BackendName,
): Pick<BackendReport, 'threads' | 'matmul' | 'blas' | 'fusedKernels'> {
  if (name !== 'wasm') return {};
  const m = matmulStatus();
  return {
    threads: m.threads,
    matmul: m.matmul,
    ...(m.config ? { blas: m.config } : {}),
    fusedKernels: fusedKernelsActive(),
  };
}

/** Cores for the matmuls (an engine option; AVLAB_CORES sets the default, else all cores). */
function applyCores(cores: number): void {
  if (!chosen || chosen.name !== 'wasm') return;
  setMatmulThreads(cores);
  chosen = { ...chosen, ...computeOf('wasm') };
}

/** The report of the backend already chosen in this process, if any. */
export function currentBackend(): BackendReport | null {
  return chosen;
}
