import * as tf from '@tensorflow/tfjs';
import type { Param } from '../model/params';
import { type AdamStepAttrs, FUSED, fusedKernelsActive } from '../wasm-kernels/fused-kernels';

export interface AdamOptions {
  beta1?: number;
  beta2?: number;
  eps?: number;
  weightDecay: number;
  /** AdamW (decay applied to the weights directly) rather than Adam with L2 in the gradient. */
  decoupled: boolean;
}

/**
 * Adam / AdamW over exactly the params it is given. Its state (m, v, step) is named after the
 * params so a checkpoint can carry it; frozen params are never passed in and never touched.
 * Decay applies to matrices (rank ≥ 2), not to biases, norms or embeddings vectors.
 */
export class AdamOptimizer {
  readonly m = new Map<string, tf.Variable>();
  readonly v = new Map<string, tf.Variable>();
  step = 0;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly eps: number;

  constructor(
    readonly params: Param[],
    private readonly opts: AdamOptions,
  ) {
    this.beta1 = opts.beta1 ?? 0.9;
    this.beta2 = opts.beta2 ?? 0.999;
    this.eps = opts.eps ?? 1e-8;
    for (const p of params) {
      this.m.set(p.name, zerosVariable(p.variable.shape));
      this.v.set(p.name, zerosVariable(p.variable.shape));
    }
  }

  /**
   * One update with gradients keyed by param name; `lr` comes from the schedule, and every
   * gradient is multiplied by `gradScale` (a scalar: global-norm clipping) first, when given. On
   * wasm with the addon each param is one fused kernel, else the chain of tf ops it fuses.
   */
  apply(grads: Map<string, tf.Tensor>, lr: number, gradScale: tf.Scalar | null = null): void {
    this.step += 1;
    const { beta1, beta2, eps, step } = this;
    const shared = {
      lr,
      beta1,
      beta2,
      eps,
      decoupled: this.opts.decoupled,
      biasCorrection1: 1 - beta1 ** step,
      biasCorrection2: 1 - beta2 ** step,
    };
    tf.tidy(() => {
      for (const p of this.params) {
        const g = grads.get(p.name);
        if (!g) throw new Error(`optimizer: no gradient for trainable param ${p.name}`);
        const m = this.m.get(p.name)!;
        const v = this.v.get(p.name)!;
        const attrs: AdamStepAttrs = {
          ...shared,
          weightDecay: p.variable.rank >= 2 ? this.opts.weightDecay : 0,
        };
        if (fusedKernelsActive()) {
          const inputs = { p: p.variable, m, v, g, ...(gradScale ? { scale: gradScale } : {}) };
          const [pNext, mNext, vNext] = tf
            .engine()
            .runKernel(FUSED.adamStep, inputs, attrs as never) as tf.Tensor[];
          p.variable.assign(pNext!);
          m.assign(mNext!);
          v.assign(vNext!);
        } else applyOps(p.variable, m, v, gradScale ? g.mul(gradScale) : g, attrs);
      }
    });
  }

  /** Tensors for a checkpoint: `optimizer.m.<param>`, `optimizer.v.<param>`. */
  stateTensors(): Map<string, tf.Tensor> {
    const out = new Map<string, tf.Tensor>();
    for (const [name, t] of this.m) out.set(`optimizer.m.${name}`, t);
    for (const [name, t] of this.v) out.set(`optimizer.v.${name}`, t);
    return out;
  }

  /** Restores m and v strictly: every param's state must be present with its shape. */
  loadState(
    tensors: Map<string, { shape: number[]; data: Float32Array | Int32Array }>,
    step: number,
    source: string,
  ): void {
    for (const kind of ['m', 'v'] as const) {
      for (const [name, variable] of this[kind]) {
        const key = `optimizer.${kind}.${name}`;
        const t = tensors.get(key);
        if (!t) throw new Error(`${source}: optimizer state ${key} is missing`);
        if (t.shape.join(',') !== variable.shape.join(','))
          throw new Error(`${source}: ${key} has shape [${t.shape}], expected [${variable.shape}]`);
        tf.tidy(() => variable.assign(tf.tensor(t.data, t.shape, 'float32')));
      }
    }
    const expected = new Set(
      [...this.m.keys()].flatMap((n) => [`optimizer.m.${n}`, `optimizer.v.${n}`]),
    );
    for (const key of tensors.keys())
      if (key.startsWith('optimizer.') && !expected.has(key))
        throw new Error(
          `${source}: optimizer state ${key} belongs to no trainable param of this run`,
        );
    this.step = step;
  }

  dispose(): void {
    for (const t of [...this.m.values(), ...this.v.values()]) t.dispose();
    this.m.clear();
    this.v.clear();
  }
}

function zerosVariable(shape: number[]): tf.Variable {
  const zeros = tf.zeros(shape);
  const v = tf.variable(zeros, false);
  zeros.dispose();
  return v;
}

/** The update as tf ops (another backend, or no addon): what the fused kernel computes. */
function applyOps(
  param: tf.Variable,
  m: tf.Variable,
  v: tf.Variable,
  grad: tf.Tensor,
  a: AdamStepAttrs,
): void {
  const { weightDecay, decoupled } = a;
  const g = weightDecay > 0 && !decoupled ? grad.add(param.mul(weightDecay)) : grad;
  m.assign(m.mul(a.beta1).add(g.mul(1 - a.beta1)));
  v.assign(v.mul(a.beta2).add(g.square().mul(1 - a.beta2)));
  let update = m.div(a.biasCorrection1).div(v.div(a.biasCorrection2).sqrt().add(a.eps));
  if (weightDecay > 0 && decoupled) update = update.add(param.mul(weightDecay));
  param.assign(param.sub(update.mul(a.lr)));
}
