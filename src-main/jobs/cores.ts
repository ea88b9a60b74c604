import { coresSetting } from '../engine/wasm-kernels/native-blas';

/**
 * A run's share of the cores: the setting (or AVLAB_CORES, else every core) split evenly among
 * the runs trained at once, at least one each, so concurrent runs never oversubscribe the CPU.
 */
export function coresPerRun(setting: number | null, concurrency: number): number {
  const total = setting ?? coresSetting();
  return Math.max(1, Math.floor(total / Math.max(1, concurrency)));
}
