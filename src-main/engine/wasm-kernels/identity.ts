import type { TensorInfoLike, WasmBackend } from './wasm-backend';

/**
 * Identity that shares the input's buffer (reference-counted, as the cpu backend does) instead
 * of copying it. tfjs clones every tensor it saves for a backward pass through Identity, so
 * the shipped copying kernel duplicated every saved activation of a training step.
 * Safe because no wasm kernel writes into its inputs.
 */
export function identityKernel({
  inputs,
  backend,
}: {
  inputs: Record<string, TensorInfoLike>;
  backend: WasmBackend & { incRef(dataId: object): void };
}) {
  const x = inputs.x!;
  if (x.dtype === 'string')
    throw new Error('Identity: string tensors are not supported by the engine kernels');
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}
