import * as tf from '@tensorflow/tfjs';
import { loadNativeBlas, type NativeBlas } from './native-blas';
import { floatOffset, type TensorInfoLike, type WasmBackend } from './wasm-backend';

/**
 * GELU and LayerNorm, forward and backward, attention's scaled softmax and its backward, the
 * heads' split/merge transpose and the Adam/AdamW update, as single kernels of the native addon
 * (native/blas/src/fused.c) over the wasm heap: one pass each where the wasm backend runs a
 * chain of elementwise kernels (or, for the transpose, a generic one ~20× slower per value).
 * Registered under names of their own; model/gelu.ts, model/norm.ts, model/attention-op.ts and
 * train/optimizer.ts call them when `fusedKernelsActive()`, else keep their chains of tf ops (no
 * addon, another backend, AVLAB_FUSED=0).
 */
export const FUSED = {
  gelu: 'AvlabGelu',
  geluGrad: 'AvlabGeluGrad',
  layerNorm: 'AvlabLayerNorm',
  layerNormGrad: 'AvlabLayerNormGrad',
  scaledSoftmax: 'AvlabScaledSoftmax',
  softmaxGrad: 'AvlabSoftmaxGrad',
  transpose0213: 'AvlabTranspose0213',
  adamStep: 'AvlabAdamStep',
} as const;

const ADDON_FUNCTIONS = [
  'geluForward',
  'geluBackward',
  'layerNormForward',
  'layerNormBackward',
  'scaledSoftmax',
  'softmaxBackward',
  'transpose0213',
  'adamStep',
] as const;

type FusedBlas = NativeBlas & Required<Pick<NativeBlas, (typeof ADDON_FUNCTIONS)[number]>>;

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

/** softmax(scale · x) over the last axis of x (any rank); attrs.scale > 0. */
function scaledSoftmaxKernel({ inputs, backend, attrs }: KernelArgs): TensorInfoLike {
  const x = inputs.x!;
  const cols = x.shape[x.shape.length - 1]!;
  const p = backend.makeOutput(x.shape, 'float32');
  const rows = size(x) / cols;
  if (rows > 0)
    addon!.scaledSoftmax(
      backend.wasm.HEAPU8,
      floatOffset(backend, x),
      floatOffset(backend, p),
      rows,
      cols,
      attrs.scale as number,
    );
  return p;
}

/** The scores' gradient from the probabilities p and their gradient dp: scale·p⊙(dp − Σ dp⊙p). */
function softmaxGradKernel({ inputs, backend, attrs }: KernelArgs): TensorInfoLike {
  const { p, dp } = inputs as Record<'p' | 'dp', TensorInfoLike>;
  const cols = p.shape[p.shape.length - 1]!;
  const ds = backend.makeOutput(p.shape, 'float32');
  const rows = size(p) / cols;
  if (rows > 0)
    addon!.softmaxBackward(
      backend.wasm.HEAPU8,
      floatOffset(backend, p),
      floatOffset(backend, dp),
      floatOffset(backend, ds),
      rows,
      cols,
      attrs.scale as number,
    );
  return ds;
}

/** x [a, b, c, d] → [a, c, b, d]. */
function transpose0213Kernel({ inputs, backend }: KernelArgs): TensorInfoLike {
  const x = inputs.x!;
  const [a, b, c, d] = x.shape as [number, number, number, number];
  const y = backend.makeOutput([a, c, b, d], 'float32');
  if (size(x) > 0)
    addon!.transpose0213(
      backend.wasm.HEAPU8,
      floatOffset(backend, x),
      floatOffset(backend, y),
      a,
      b,
      c,
      d,
    );
  return y;
}

/** One Adam/AdamW step's hyperparameters, as the optimizer computes them in doubles. */
export interface AdamStepAttrs {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  /** 0 for params that do not decay. */
  weightDecay: number;
  decoupled: boolean;
  /** 1 − βᵗ for the step t this update makes. */
  biasCorrection1: number;
  biasCorrection2: number;
}

/** The addon's hyper array; the (1 − β) factors and corrections rounded once, as tf rounds them. */
function adamHyperparameters(a: AdamStepAttrs): Float32Array {
  return Float32Array.of(
    a.lr,
    a.beta1,
    a.beta2,
    1 - a.beta1,
    1 - a.beta2,
    a.eps,
    a.weightDecay,
    a.biasCorrection1,
    a.biasCorrection2,
    a.decoupled ? 1 : 0,
  );
}

/** p, m, v and the gradient g (scaled by the optional scalar `scale` first) → new p, m, v. */
function adamStepKernel({ inputs, backend, attrs }: KernelArgs): TensorInfoLike[] {
  const { p, m, v, g, scale } = inputs as Record<'p' | 'm' | 'v' | 'g', TensorInfoLike> & {
    scale?: TensorInfoLike;
  };
  const outs = [p, m, v].map(() => backend.makeOutput(p.shape, 'float32'));
  const [pOut, mOut, vOut] = outs as [TensorInfoLike, TensorInfoLike, TensorInfoLike];
  const n = size(p);
  if (n > 0)
    addon!.adamStep(
      backend.wasm.HEAPU8,
      floatOffset(backend, p),
      floatOffset(backend, m),
      floatOffset(backend, v),
      floatOffset(backend, g),
      scale ? floatOffset(backend, scale) : -1,
      floatOffset(backend, pOut),
      floatOffset(backend, mOut),
      floatOffset(backend, vOut),
      n,
      adamHyperparameters(attrs as unknown as AdamStepAttrs),
    );
  return outs;
}

/**
 * Registers the fused kernels when the addon has them (an addon built before them lacks the
 * functions: then they stay off). AVLAB_FUSED=0 keeps the tf-op chains.
 */
export function initFusedKernels(): boolean {
  const { blas } = loadNativeBlas();
  const has = (b: NativeBlas | null): b is FusedBlas =>
    !!b && ADDON_FUNCTIONS.every((name) => typeof b[name] === 'function');
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
    [FUSED.scaledSoftmax, scaledSoftmaxKernel],
    [FUSED.softmaxGrad, softmaxGradKernel],
    [FUSED.transpose0213, transpose0213Kernel],
    [FUSED.adamStep, adamStepKernel],
  ];
  for (const [kernelName, kernelFunc] of kernels)
    if (!tf.getKernel(kernelName, 'wasm'))
      tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc: kernelFunc as never });
  // The head transpose is its own inverse, so it is its own gradient: taped uses stay exact.
  if (!tf.getGradient(FUSED.transpose0213))
    tf.registerGradient({
      kernelName: FUSED.transpose0213,
      gradFunc: (dy) => ({
        x: () => tf.engine().runKernel(FUSED.transpose0213, { x: dy as tf.Tensor }) as tf.Tensor,
      }),
    });
  active = true;
  return true;
}

/** Whether the model's ops and the optimizer should call the fused kernels. */
export function fusedKernelsActive(): boolean {
  return active && tf.getBackend() === 'wasm';
}

/** Switches them off and on (tests compare both paths in one process). */
export function setFusedKernels(on: boolean): void {
  if (on && !addon) throw new Error('the fused kernels are unavailable: the addon lacks them');
  active = on;
}
