import * as tf from '@tensorflow/tfjs';
import { FUSED } from './wasm-kernels/fused-kernels';

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

export type KernelGroup = 'matmul' | 'elementwise' | 'copy' | 'reduction' | 'other';

const GROUPS: Record<Exclude<KernelGroup, 'other'>, readonly string[]> = {
  matmul: ['BatchMatMul', '_FusedMatMul'],
  // Layout work: moves data without arithmetic.
  copy: [
    'Transpose',
    'Slice',
    'Unpack',
    'SplitV',
    'Concat',
    'Identity',
    'Reshape',
    'Tile',
    'PadV2',
    'GatherV2',
    'Cast',
    'Fill',
    'ZerosLike',
    'OnesLike',
    'Pack',
    FUSED.transpose0213,
  ],
  // The fused LayerNorm and softmax kernels count here: row reductions with a little arithmetic.
  reduction: [
    'Sum',
    'Mean',
    'Max',
    'Min',
    'Prod',
    'ArgMax',
    'Softmax',
    'All',
    'Any',
    FUSED.layerNorm,
    FUSED.layerNormGrad,
    FUSED.scaledSoftmax,
    FUSED.softmaxGrad,
  ],
  elementwise: [
    'Add',
    'AddN',
    'Sub',
    'Multiply',
    'RealDiv',
    'Square',
    'SquaredDifference',
    'Sqrt',
    'Rsqrt',
    'Neg',
    'Exp',
    'Log',
    'Sigmoid',
    'Tanh',
    'Maximum',
    'Minimum',
    'Relu',
    'Abs',
    'Step',
    'Greater',
    'GreaterEqual',
    'Less',
    'Equal',
    'Select',
    'Pow',
    'ClipByValue',
    FUSED.gelu,
    FUSED.geluGrad,
    FUSED.adamStep,
  ],
};

/**
 * Milliseconds per kernel group. Only names registered as kernels of `backend` count: tf.profile
 * also lists custom ops (tf.customGrad bodies, fused-op wrappers) whose time already includes
 * the kernels inside them, and adding those would count the same work twice.
 */
export function kernelSplit(
  totals: KernelTotal[],
  backend = tf.getBackend(),
): Record<KernelGroup, number> {
  const split: Record<KernelGroup, number> = {
    matmul: 0,
    elementwise: 0,
    copy: 0,
    reduction: 0,
    other: 0,
  };
  for (const t of totals) {
    if (!tf.getKernel(t.kernel, backend)) continue;
    const group =
      (Object.keys(GROUPS) as (keyof typeof GROUPS)[]).find((g) => GROUPS[g].includes(t.kernel)) ??
      'other';
    split[group] += t.ms;
  }
  return split;
}
