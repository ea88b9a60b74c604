import type { ModelConfig } from '@shared/domain/model';
import type * as tf from '@tensorflow/tfjs';
import type { ParamStore } from './params';

/** One cross-attention map captured during a forward pass (for attention snapshots). */
export interface CapturedAttention {
  block: number;
  direction: 'audio_to_visual' | 'visual_to_audio';
  /** Softmax weights [B, heads, queries, keys], prompt key columns first. */
  probs: tf.Tensor;
  promptKeys: number;
}

/** What every building block needs: the weights, the shape, and which extras are active. */
export interface ForwardContext {
  params: ParamStore;
  config: ModelConfig;
  /** Add the LoRA deltas on query/value projections. */
  lora: boolean;
  /** Add the bottleneck adapters after attention and MLP. */
  adapter: boolean;
  /** When set, fusion blocks push their cross-attention weights here (kept, not disposed). */
  capture?: CapturedAttention[];
  /** Set in training when config.dropout > 0: the seed source of the dropout masks. */
  dropout?: { nextSeed(): number };
}
