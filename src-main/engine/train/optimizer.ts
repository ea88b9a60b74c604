import * as tf from '@tensorflow/tfjs';
import type { Param } from '../model/params';

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

  /** One update with gradients keyed by param name; `lr` comes from the schedule. */
  apply(grads: Map<string, tf.Tensor>, lr: number): void {
    this.step += 1;
    const { beta1, beta2, eps } = this;
    const c1 = 1 - beta1 ** this.step;
    const c2 = 1 - beta2 ** this.step;
    tf.tidy(() => {
      for (const p of this.params) {
        let g = grads.get(p.name);
        if (!g) throw new Error(`optimizer: no gradient for trainable param ${p.name}`);
        const decays = this.opts.weightDecay > 0 && p.variable.rank >= 2;
        if (decays && !this.opts.decoupled) g = g.add(p.variable.mul(this.opts.weightDecay));
        const m = this.m.get(p.name)!;
        const v = this.v.get(p.name)!;
        m.assign(m.mul(beta1).add(g.mul(1 - beta1)));
        v.assign(v.mul(beta2).add(g.square().mul(1 - beta2)));
        let update = m.div(c1).div(v.div(c2).sqrt().add(eps));
        if (decays && this.opts.decoupled)
          update = update.add(p.variable.mul(this.opts.weightDecay));
        p.variable.assign(p.variable.sub(update.mul(lr)));
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
