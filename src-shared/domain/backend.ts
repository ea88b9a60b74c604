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
});
export type BackendReport = z.infer<typeof BackendReportSchema>;
