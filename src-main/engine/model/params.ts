import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../rng';

/** Which part of the model a weight belongs to; the first segment of its name. */
export const PARAM_GROUPS = ['backbone', 'head', 'prompts', 'lora', 'adapter'] as const;
export type ParamGroup = (typeof PARAM_GROUPS)[number];

export type Init = 'xavier' | 'normal' | 'zeros' | 'ones';

export interface Param {
  /** Dotted, PyTorch-style name, e.g. `backbone.audio_blocks.0.attn.q.weight`. */
  name: string;
  group: ParamGroup;
  variable: tf.Variable;
  /** Whether the current method trains it; frozen params never reach the optimizer. */
  trainable: boolean;
}

export function groupOf(name: string): ParamGroup {
  const g = name.split('.', 1)[0] as ParamGroup;
  if (!PARAM_GROUPS.includes(g)) throw new Error(`param "${name}": unknown group "${g}"`);
  return g;
}

/**
 * Every named weight of a model, created with seeded values. Linear weights are stored
 * [in, out] (so y = x·W + b); PyTorch's nn.Linear stores [out, in] — see checkpoint/README.md.
 */
export class ParamStore {
  private readonly params = new Map<string, Param>();

  constructor(private readonly rng: Rng) {}

  add(name: string, shape: number[], init: Init): tf.Variable {
    if (this.params.has(name)) throw new Error(`param "${name}" is defined twice`);
    const size = shape.reduce((a, b) => a * b, 1);
    const values = new Float32Array(size);
    if (init === 'ones') values.fill(1);
    else if (init === 'normal')
      for (let i = 0; i < size; i++) values[i] = 0.02 * this.truncatedNormal();
    else if (init === 'xavier') {
      // Glorot uniform over the last two dims, as in MAE / CAV-MAE.
      const fanIn = shape.length >= 2 ? shape[shape.length - 2]! : shape[0]!;
      const fanOut = shape[shape.length - 1]!;
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      for (let i = 0; i < size; i++) values[i] = (2 * this.rng.uniform() - 1) * limit;
    }
    // The variable shares the initial tensor's buffer; dispose the wrapper so no stray tensor stays.
    const initial = tf.tensor(values, shape, 'float32');
    const variable = tf.variable(initial, false);
    initial.dispose();
    this.params.set(name, { name, group: groupOf(name), variable, trainable: false });
    return variable;
  }

  /** Linear layer `${prefix}.weight` [din, dout] (+ `${prefix}.bias` [dout]). */
  addLinear(prefix: string, din: number, dout: number, init: Init = 'xavier', bias = true): void {
    this.add(`${prefix}.weight`, [din, dout], init);
    if (bias) this.add(`${prefix}.bias`, [dout], 'zeros');
  }

  addNorm(prefix: string, dim: number): void {
    this.add(`${prefix}.weight`, [dim], 'ones');
    this.add(`${prefix}.bias`, [dim], 'zeros');
  }

  get(name: string): Param {
    const p = this.params.get(name);
    if (!p) throw new Error(`param "${name}" does not exist`);
    return p;
  }

  has(name: string): boolean {
    return this.params.has(name);
  }

  all(): Param[] {
    return [...this.params.values()];
  }

  /** Marks exactly the params the predicate selects as trainable, every other one frozen. */
  setTrainable(predicate: (p: Param) => boolean): void {
    for (const p of this.params.values()) {
      p.trainable = predicate(p);
      p.variable.trainable = p.trainable;
    }
  }

  dispose(): void {
    for (const p of this.params.values()) p.variable.dispose();
    this.params.clear();
  }

  private truncatedNormal(): number {
    for (;;) {
      const z = this.rng.normal();
      if (Math.abs(z) <= 2) return z;
    }
  }
}
