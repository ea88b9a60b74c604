import * as tf from '@tensorflow/tfjs';
import { loadNativeBlas, type NativeBlas } from './native-blas';
import { floatOffset, type TensorInfoLike, type WasmBackend } from './wasm-backend';

/**
 * GELU and LayerNorm, forward and backward, as single kernels of the native addon (native/blas/
 * src/fused.c) over the wasm heap: one pass each where the wasm backend runs a chain of 7–12
 * elementwise kernels. Registered under names of their own; model/gelu.ts and model/norm.ts call
 * them when `fusedKernelsActive()`, else keep their chains of tf ops (no addon, another
 * backend, AVLAB_FUSED=0).
 */
export const FUSED = {
  gelu: 'AvlabGelu',
  geluGrad: 'AvlabGeluGrad',
  layerNorm: 'AvlabLayerNorm',
  layerNormGrad: 'AvlabLayerNormGrad',
} as const;

type FusedBlas = NativeBlas &
  Required<
    Pick<NativeBlas, 'geluForward' | 'geluBackward' | 'layerNormForward' | 'layerNormBackward'>
  >;

let addon: FusedBlas | null = null;
let active = false;

interface KernelArgs {
  inputs: Record<string, TensorInfoLike>;
  backend: WasmBackend;
  attrs: Record<string, unknown>;
}

const size = (t: TensorInfoLike) => t.shape.reduce((a, b) => a * b, 1);

function geluKernel({ inputs, backend }: KernelArgs): TensorInfoLike {
  const x = inputs.x!;
  const out = backend.makeOutput(x.shape, 'float32');
  const n = size(x);
  // The heap view is read after makeOutput: allocating may grow it into a new ArrayBuffer.
  if (n > 0)
    addon!.geluForward(backend.wasm.HEAPU8, floatOffset(backend, x), floatOffset(backend, out), n);
  return out;
}

function geluGradKernel({ inputs, backend }: KernelArgs): TensorInfoLike {
  const { x, dy } = inputs as { x: TensorInfoLike; dy: TensorInfoLike };
  const dx = backend.makeOutput(x.shape, 'float32');
  const n = size(x);
  if (n > 0)
    addon!.geluBackward(
      backend.wasm.HEAPU8,
      floatOffset(backend, x),
      floatOffset(backend, dy),
      floatOffset(backend, dx),
      n,
    );
  return dx;
}

/** x [rows, cols] → y, x̂ (both [rows, cols]) and rstd [rows]. */
function layerNormKernel({ inputs, backend, attrs }: KernelArgs): TensorInfoLike[] {
  const { x, gain, bias } = inputs as Record<'x' | 'gain' | 'bias', TensorInfoLike>;
  const [rows, cols] = x.shape as [number, number];
  const y = backend.makeOutput([rows, cols], 'float32');
  const xhat = backend.makeOutput([rows, cols], 'float32');
  const rstd = backend.makeOutput([rows], 'float32');
  if (rows > 0)
    addon!.layerNormForward(
      backend.wasm.HEAPU8,
      floatOffset(backend, x),
      floatOffset(backend, gain),
      floatOffset(backend, bias),
      floatOffset(backend, y),
      floatOffset(backend, xhat),
      floatOffset(backend, rstd),
      rows,
      cols,
      attrs.eps as number,
    );
  return [y, xhat, rstd];
}

/** dx, and with `params` the gain and bias gradients too. */
function layerNormGradKernel({ inputs, backend, attrs }: KernelArgs): TensorInfoLike[] {
  const { dy, xhat, rstd, gain } = inputs as Record<
    'dy' | 'xhat' | 'rstd' | 'gain',
    TensorInfoLike
  >;
  const [rows, cols] = dy.shape as [number, number];
  const withParams = attrs.params === true;
  const dx = backend.makeOutput([rows, cols], 'float32');
  const dgain = withParams ? backend.makeOutput([cols], 'float32') : null;
  const dbias = withParams ? backend.makeOutput([cols], 'float32') : null;
  addon!.layerNormBackward(
    backend.wasm.HEAPU8,
    floatOffset(backend, dy),
    floatOffset(backend, xhat),
    floatOffset(backend, rstd),
    floatOffset(backend, gain),
    floatOffset(backend, dx),
    dgain ? floatOffset(backend, dgain) : -1,
    dbias ? floatOffset(backend, dbias) : -1,
    rows,
    cols,
  );
  return dgain && dbias ? [dx, dgain, dbias] : [dx];
}

/**
 * Registers the fused kernels when the addon has them (an addon built before them lacks the
 * functions: then they stay off). AVLAB_FUSED=0 keeps the tf-op chains.
 */
export function initFusedKernels(): boolean {
  const { blas } = loadNativeBlas();
  const has = (b: NativeBlas | null): b is FusedBlas =>
    !!b &&
    typeof b.geluForward === 'function' &&
    typeof b.geluBackward === 'function' &&
    typeof b.layerNormForward === 'function' &&
    typeof b.layerNormBackward === 'function';
  if (!has(blas) || process.env.AVLAB_FUSED === '0') {
    active = false;
    return false;
  }
  addon = blas;
  const kernels: [string, (args: KernelArgs) => unknown][] = [
    [FUSED.gelu, geluKernel],
    [FUSED.geluGrad, geluGradKernel],
    [FUSED.layerNorm, layerNormKernel],
    [FUSED.layerNormGrad, layerNormGradKernel],
  ];
  for (const [kernelName, kernelFunc] of kernels)
    if (!tf.getKernel(kernelName, 'wasm'))
      tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc: kernelFunc as never });
  active = true;
  return true;
}

/** Whether model/gelu.ts and model/norm.ts should call the fused kernels. */
export function fusedKernelsActive(): boolean {
  return active && tf.getBackend() === 'wasm';
}

/** Switches them off and on (tests compare both paths in one process). */
export function setFusedKernels(on: boolean): void {
  if (on && !addon) throw new Error('the fused kernels are unavailable: the addon lacks them');
  active = on;
}
