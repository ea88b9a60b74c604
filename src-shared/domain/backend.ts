import { z } from 'zod';

/** TensorFlow.js backends, best first. */
export const BACKENDS = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;
export const BackendNameSchema = z.enum(BACKENDS);
export type BackendName = z.infer<typeof BackendNameSchema>;

export const BackendReportSchema = z.object({
  /** The backend that runs. */
  name: BackendNameSchema,
  /** Why each better backend was not used (package absent, failed to load, overridden). */
  skipped: z.array(z.object({ name: BackendNameSchema, reason: z.string() })),
  /** Threads the backend uses, where it says. */
  threads: z.number().int().positive().optional(),
  /** wasm only: what runs the matrix products (the OpenBLAS addon when built, else XNNPACK). */
  matmul: z.enum(['xnnpack', 'openblas']).optional(),
  /** With OpenBLAS: its build and the kernel set it runs (`OpenBLAS 0.3.21 …; core Cooperlake`). */
  blas: z.string().optional(),
  /** wasm only: whether the addon's fused kernels (GELU, LayerNorm, attention, Adam) ran. */
  fusedKernels: z.boolean().optional(),
});
export type BackendReport = z.infer<typeof BackendReportSchema>;

/**
 * What computed a run, as its backend reported when the run started. Kept with the run because
 * results depend on it beyond the backend's name: the OpenBLAS kernel set and the fused kernels
 * round differently, and over a training run that moves accuracies by a seed's spread.
 */
export const RunComputeSchema = BackendReportSchema.omit({ skipped: true });
export type RunCompute = z.infer<typeof RunComputeSchema>;

/**
 * One line for a run's compute: `wasm, matmul openblas ×1 (…; core Cooperlake), fused kernels`.
 * `brief` shortens OpenBLAS's build string to its version and kernel set, for a page header.
 */
export function describeCompute(c: RunCompute, { brief = false } = {}): string {
  const parts: string[] = [c.name];
  if (c.matmul) {
    const blas = c.blas && (brief ? briefBlas(c.blas) : c.blas);
    parts.push(`matmul ${c.matmul}${c.threads ? ` ×${c.threads}` : ''}${blas ? ` (${blas})` : ''}`);
  } else if (c.threads) parts.push(`${c.threads} threads`);
  if (c.fusedKernels !== undefined)
    parts.push(c.fusedKernels ? 'fused kernels' : 'no fused kernels');
  return parts.join(', ');
}

/** `OpenBLAS 0.3.21 NO_LAPACKE … MAX_THREADS=64; core Cooperlake` → `OpenBLAS 0.3.21, core Cooperlake`. */
function briefBlas(blas: string): string {
  const version = /^OpenBLAS \S+/.exec(blas)?.[0];
  const core = /; core (\S+)$/.exec(blas)?.[1];
  return version && core ? `${version}, core ${core}` : blas;
}
