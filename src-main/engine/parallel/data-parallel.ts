import * as tf from '@tensorflow/tfjs';
import { currentBackend } from '../backend';
import type { AVModel } from '../model/model';
import type { Param } from '../model/params';
import { mixSeed } from '../rng';
import type { AdamOptimizer } from '../train/optimizer';
import {
  type BatchArrays,
  type BatchGradients,
  computeGradients,
  finishStep,
  type GradientOptions,
  gradientOptions,
  type StepOptions,
  type StepResult,
} from '../train/step';
import { matmulStatus, setMatmulThreads } from '../wasm-kernels/matmul-path';
import { type PeerScript, PeerThread } from './peer-thread';
import type { FromPeer, PeerStepTiming } from './protocol';
import { shardBatch } from './shards';

/**
 * Data-parallel gradients over `workers` threads: rank 0 is the caller's thread, ranks 1..N−1
 * are peers with their own wasm instance. Each step splits the batch into contiguous shards
 * (shards.ts), every rank computes the gradient of its shard's share of the mean loss, and rank
 * 0 sums them in rank order, so the result is identical for a given worker count and equal to
 * one worker's to float rounding. Rank 0 alone holds the optimizer (checkpoints and resume are
 * unchanged); it sends the updated trainable weights with the next step.
 */
export { type PeerScript, PeerThread } from './peer-thread';

/**
 * Milliseconds per phase of the group's steps, summed since the group started: rank 0 sending
 * weights and shards, its own shard, waiting for the peers after it, summing, and the update;
 * peers' times are averaged over the peers (bench:engine --scaling --phases prints them).
 */
export interface StepPhases {
  steps: number;
  send: number;
  own: number;
  wait: number;
  reduce: number;
  update: number;
  peer: PeerStepTiming;
}

export class DataParallelGroup {
  private constructor(
    private readonly model: AVModel,
    private readonly params: readonly Param[],
    private readonly peers: PeerThread[],
  ) {}

  /** Whether rank 0 updated the weights since each peer last got them. */
  private readonly stale = new Set<PeerThread>();

  readonly phases: StepPhases = {
    steps: 0,
    send: 0,
    own: 0,
    wait: 0,
    reduce: 0,
    update: 0,
    peer: { weightsMs: 0, computeMs: 0, packMs: 0 },
  };

  /** Starts `workers − 1` peers with a replica of `model` (its current weights and method). */
  static async start(
    model: AVModel,
    params: readonly Param[],
    workers: number,
    script: PeerScript,
  ): Promise<DataParallelGroup> {
    if (!Number.isInteger(workers) || workers < 2)
      throw new Error(`data-parallel training needs 2 or more workers, got ${workers}`);
    const backend = currentBackend();
    if (!backend) throw new Error('data-parallel training: select a backend first');
    // Every rank is one core: the OpenBLAS threads of rank 0 would compete with the peers.
    if (backend.name === 'wasm') setMatmulThreads(1);
    const weights: Record<string, Float32Array> = {};
    for (const p of model.params.all()) weights[p.name] = p.variable.dataSync() as Float32Array;
    const peers: PeerThread[] = [];
    const group = new DataParallelGroup(model, params, peers);
    try {
      for (let rank = 1; rank < workers; rank++) peers.push(PeerThread.acquire(script));
      await Promise.all(
        peers.map((peer, i) =>
          peer.request({
            type: 'init',
            rank: i + 1,
            backend: backend.name,
            matmul: backend.name === 'wasm' ? matmulStatus().matmul : null,
            config: model.config,
            method: model.method,
            trainCase: model.trainCase,
            weights,
            trainable: params.map((p) => p.name),
          }),
        ),
      );
    } catch (error) {
      await group.close();
      throw error;
    }
    return group;
  }

  get workers(): number {
    return this.peers.length + 1;
  }

  /** Call after every optimizer update: the next step sends the new weights to the peers. */
  markWeightsChanged(): void {
    for (const peer of this.peers) this.stale.add(peer);
  }

  /** The gradients of the whole batch, reduced over every rank in rank order. */
  async computeGradients(batch: BatchArrays, opts: GradientOptions): Promise<BatchGradients> {
    const t0 = performance.now();
    const shards = shardBatch(batch, this.workers);
    // A batch smaller than the group leaves the last peers idle (and stale) for this step.
    const busy = this.peers.slice(0, shards.length - 1);
    const weights = busy.some((peer) => this.stale.has(peer))
      ? this.params.map((p) => p.variable.dataSync() as Float32Array)
      : null;
    const replies = busy.map((peer, i) => {
      const shard = shards[i + 1]!;
      const reply = peer.request({
        type: 'step',
        weights: this.stale.has(peer) ? weights : null,
        shard: ownedCopy(shard),
        opts: withRankSeed(opts, i + 1),
        share: shard.size / batch.size,
      });
      this.stale.delete(peer);
      return reply;
    });
    const t1 = performance.now();
    const own = computeGradients(
      this.model,
      this.params,
      shards[0]!,
      opts,
      shards[0]!.size / batch.size,
    );
    const t2 = performance.now();
    const others = (await Promise.all(replies)) as Extract<FromPeer, { type: 'gradients' }>[];
    const t3 = performance.now();
    const reduced = this.reduce(own, others);
    const { phases } = this;
    phases.steps++;
    phases.send += t1 - t0;
    phases.own += t2 - t1;
    phases.wait += t3 - t2;
    phases.reduce += performance.now() - t3;
    for (const o of others) {
      phases.peer.weightsMs += o.timing.weightsMs / others.length;
      phases.peer.computeMs += o.timing.computeMs / others.length;
      phases.peer.packMs += o.timing.packMs / others.length;
    }
    return reduced;
  }

  private reduce(
    own: BatchGradients,
    others: Extract<FromPeer, { type: 'gradients' }>[],
  ): BatchGradients {
    if (others.length === 0) return own;
    const grads = new Map<string, tf.Tensor>();
    let offset = 0;
    for (const p of this.params) {
      const size = p.variable.size;
      let sum = own.grads.get(p.name)!;
      for (const o of others) {
        const next = tf.tidy(() =>
          sum.add(tf.tensor(o.flat.subarray(offset, offset + size), p.variable.shape)),
        );
        sum.dispose();
        sum = next;
      }
      grads.set(p.name, sum);
      offset += size;
    }
    const predicted = new Int32Array(
      own.predicted.length + others.reduce((n, o) => n + o.predicted.length, 0),
    );
    predicted.set(own.predicted);
    let at = own.predicted.length;
    for (const o of others) {
      predicted.set(o.predicted, at);
      at += o.predicted.length;
    }
    let loss = own.loss;
    for (const o of others) loss += o.loss;
    let modalityScores = own.modalityScores;
    for (const o of others)
      if (modalityScores && o.modalityScores)
        modalityScores = [
          modalityScores[0] + o.modalityScores[0],
          modalityScores[1] + o.modalityScores[1],
        ];
    return { grads, loss, predicted, modalityScores };
  }

  /** One optimisation step of the whole batch: reduced gradients, then rank 0's update. */
  async step(optimizer: AdamOptimizer, batch: BatchArrays, opts: StepOptions): Promise<StepResult> {
    const g = await this.computeGradients(batch, gradientOptions(opts));
    const t0 = performance.now();
    const result = finishStep(optimizer, g, batch, opts);
    this.phases.update += performance.now() - t0;
    this.markWeightsChanged();
    return result;
  }

  /** Hands the peers back to the idle pool (peer-thread.ts) for the next run. */
  async close(): Promise<void> {
    await Promise.all(this.peers.map((peer) => peer.release()));
  }
}

/**
 * A shard whose arrays own exactly their samples: a message clones a typed array's whole
 * buffer, so posting the views of shards.ts would send every peer the whole batch.
 */
function ownedCopy(shard: BatchArrays): BatchArrays {
  const copy: BatchArrays = {
    size: shard.size,
    audio: shard.audio.slice(),
    visual: shard.visual.slice(),
    labels: shard.labels.slice(),
  };
  // Multi-label shards: without their targets a peer would train with softmax cross-entropy.
  if (shard.targets) copy.targets = shard.targets.slice();
  if (shard.encoded)
    copy.encoded = { audio: shard.encoded.audio.slice(), visual: shard.encoded.visual.slice() };
  return copy;
}

/** Peers draw their dropout masks from their own seed (rank 0 keeps the run's). */
function withRankSeed(opts: GradientOptions, rank: number): GradientOptions {
  return opts.dropoutSeed === undefined
    ? opts
    : { ...opts, dropoutSeed: mixSeed(opts.dropoutSeed, 0x5a4d + rank) };
}
