import type { BackendName } from '@shared/domain/backend';
import type { Case } from '@shared/domain/cases';
import type { Method } from '@shared/domain/methods';
import type { ModelConfig } from '@shared/domain/model';
import type { BatchArrays, GradientOptions } from '../train/step';
import type { MatmulPath } from '../wasm-kernels/native-blas';

/**
 * Messages between a data-parallel trainer (rank 0, in the run's own thread) and its peers
 * (ranks 1..N−1, one worker thread and one wasm instance each). Rank 0 keeps the optimizer;
 * peers only compute gradients on the weights rank 0 last sent them.
 */
export type ToPeer =
  | {
      type: 'init';
      rank: number;
      backend: BackendName;
      matmul: MatmulPath | null;
      config: ModelConfig;
      method: Method;
      trainCase: Case;
      /** Every param's value, in `ParamStore` order. */
      weights: Record<string, Float32Array>;
      /** The params that train, in the order gradients come back. */
      trainable: string[];
    }
  | {
      type: 'step';
      /** Values of the trainable params after rank 0's last update, when they changed. */
      weights: Float32Array[] | null;
      shard: BatchArrays;
      opts: GradientOptions;
      share: number;
    };

export type FromPeer =
  | { type: 'ready' }
  | {
      type: 'gradients';
      /** The trainable params' gradients, concatenated in `init.trainable` order. */
      flat: Float32Array;
      loss: number;
      predicted: Int32Array;
      modalityScores: [number, number] | null;
      /** Where the peer's time went in this step (data-parallel.ts's phase timing). */
      timing: PeerStepTiming;
    }
  | { type: 'error'; message: string };

/** A peer's milliseconds in one step: loading the new weights, the gradients, packing them. */
export interface PeerStepTiming {
  weightsMs: number;
  computeMs: number;
  packMs: number;
}
