import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The optional native addon in native/blas (cblas_sgemm over the wasm heap). */
export interface NativeBlas {
  sgemmBatched(
    heap: Uint8Array | Float32Array,
    transA: boolean,
    transB: boolean,
    M: number,
    N: number,
    K: number,
    batch: number,
    aOff: number,
    aStride: number,
    lda: number,
    bOff: number,
    bStride: number,
    ldb: number,
    cOff: number,
    cStride: number,
    ldc: number,
    alpha: number,
    beta: number,
    biasOff: number,
  ): void;
  setThreads(n: number): void;
  getThreads(): number;
  config(): string;
  /** Fused kernels (fused-kernels.ts); absent from addons built before them. */
  geluForward?(heap: Uint8Array, xOff: number, outOff: number, n: number): void;
  geluBackward?(heap: Uint8Array, xOff: number, dyOff: number, dxOff: number, n: number): void;
  layerNormForward?(
    heap: Uint8Array,
    xOff: number,
    gainOff: number,
    biasOff: number,
    yOff: number,
    xhatOff: number,
    rstdOff: number,
    rows: number,
    cols: number,
    eps: number,
  ): void;
  layerNormBackward?(
    heap: Uint8Array,
    dyOff: number,
    xhatOff: number,
    rstdOff: number,
    gainOff: number,
    dxOff: number,
    dgainOff: number,
    dbiasOff: number,
    rows: number,
    cols: number,
  ): void;
  scaledSoftmax?(
    heap: Uint8Array,
    xOff: number,
    pOff: number,
    rows: number,
    cols: number,
    scale: number,
  ): void;
  softmaxBackward?(
    heap: Uint8Array,
    pOff: number,
    dpOff: number,
    dsOff: number,
    rows: number,
    cols: number,
    scale: number,
  ): void;
  transpose0213?(
    heap: Uint8Array,
    xOff: number,
    yOff: number,
    a: number,
    b: number,
    c: number,
    d: number,
  ): void;
  /** hyper: fused-kernels.ts's adamHyperparameters; scaleOff < 0: gradients unscaled. */
  adamStep?(
    heap: Uint8Array,
    pOff: number,
    mOff: number,
    vOff: number,
    gOff: number,
    scaleOff: number,
    pOutOff: number,
    mOutOff: number,
    vOutOff: number,
    n: number,
    hyper: Float32Array,
  ): void;
}

export type MatmulPath = 'xnnpack' | 'openblas';

export interface BlasStatus {
  /** What BatchMatMul and _FusedMatMul run on. */
  matmul: MatmulPath;
  /** OpenBLAS threads when matmul is openblas, else 1 (the wasm build here is single-threaded). */
  threads: number;
  /** OpenBLAS build and kernel set, when loaded. */
  config?: string;
  /** Why the addon is not used, when it is not. */
  reason?: string;
}

const ADDON = join('native', 'blas', 'build', 'Release', 'avlab_blas.node');
const require = createRequire(import.meta.url);

let loaded: { blas: NativeBlas | null; reason?: string } | null = null;

/**
 * The addon, loaded once, or null with the reason. Looked up from this module's folder upwards
 * so the same code finds it from src-main (tsx, vitest) and from the electron-vite bundle in
 * out/main; AVLAB_BLAS_ADDON names a file explicitly. AVLAB_MATMUL=xnnpack never loads it.
 */
export function loadNativeBlas(): { blas: NativeBlas | null; reason?: string } {
  if (loaded) return loaded;
  if (process.env.AVLAB_MATMUL === 'xnnpack') {
    loaded = { blas: null, reason: 'AVLAB_MATMUL=xnnpack' };
    return loaded;
  }
  const path = process.env.AVLAB_BLAS_ADDON ?? findAddon();
  if (!path) {
    loaded = { blas: null, reason: `${ADDON} is not built (npm run build:blas)` };
    return loaded;
  }
  chooseCoreType();
  // OpenBLAS worker threads spin ~0.1 s after each product by default (2^28 cycles). Between
  // matmuls the step runs single-threaded wasm kernels, and on a shared machine the spinning
  // thread takes the core they need: measured FT train at 2 threads, 15–23 samples/s with the
  // default and 19–24 with 2^4 cycles. A later wake-up costs microseconds per product.
  process.env.OPENBLAS_THREAD_TIMEOUT ??= '4';
  try {
    const blas = require(path) as NativeBlas;
    blas.setThreads(coresSetting());
    loaded = { blas };
  } catch (e) {
    loaded = { blas: null, reason: `${path} failed to load: ${(e as Error).message}` };
  }
  return loaded;
}

function findAddon(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, ADDON);
    if (existsSync(candidate)) return candidate;
    const up = resolve(dir, '..');
    if (up === dir) break;
    dir = up;
  }
  return null;
}

/**
 * Threads for the matmuls: AVLAB_CORES, else every core. Read once when the addon loads;
 * setMatmulThreads changes it later.
 */
export function coresSetting(): number {
  const raw = process.env.AVLAB_CORES;
  if (raw === undefined || raw === '') return availableParallelism();
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`AVLAB_CORES="${raw}" is not a positive integer`);
  return n;
}

/**
 * OpenBLAS 0.3.21 (Debian 12) does not know newer CPUs by model and falls back to its
 * SSE3 "Prescott" kernels, ~5× slower than its AVX-512 ones on this machine. Its CPU choice can
 * be forced with OPENBLAS_CORETYPE, read when the library loads, so pick by the CPU flags unless
 * the user already set it.
 */
function chooseCoreType(): void {
  if (process.env.OPENBLAS_CORETYPE || process.platform !== 'linux') return;
  let flags: Set<string>;
  try {
    const line = /^flags\s*:(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? '';
    flags = new Set(line.trim().split(/\s+/));
  } catch {
    return;
  }
  const avx512 = ['avx512f', 'avx512bw', 'avx512vl', 'avx512dq'].every((f) => flags.has(f));
  if (avx512) process.env.OPENBLAS_CORETYPE = flags.has('avx512_bf16') ? 'Cooperlake' : 'SkylakeX';
  else if (flags.has('avx2') && flags.has('fma')) process.env.OPENBLAS_CORETYPE = 'Haswell';
}
