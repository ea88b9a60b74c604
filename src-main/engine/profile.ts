import * as tf from '@tensorflow/tfjs';

export interface KernelTotal {
  kernel: string;
  calls: number;
  ms: number;
}

/**
 * Runs `f` under tf.profile and sums kernel time per kernel name, slowest first, so a benchmark
 * can show where a training step spends its time.
 */
export async function profileKernels(
  f: () => void,
): Promise<{ totals: KernelTotal[]; peakBytes: number }> {
  const info = await tf.profile(() => {
    f();
    return [];
  });
  const byName = new Map<string, KernelTotal>();
  for (const k of info.kernels) {
    const ms =
      typeof k.kernelTimeMs === 'number'
        ? k.kernelTimeMs
        : Number((k.kernelTimeMs as { error?: string }).error ? 0 : 0);
    const t = byName.get(k.name) ?? { kernel: k.name, calls: 0, ms: 0 };
    t.calls++;
    t.ms += ms;
    byName.set(k.name, t);
  }
  return { totals: [...byName.values()].sort((a, b) => b.ms - a.ms), peakBytes: info.peakBytes };
}
