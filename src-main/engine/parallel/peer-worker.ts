// A data-parallel peer: one worker thread with its own TensorFlow.js (and wasm heap), holding a
// replica of the model. It computes the gradients of the shards rank 0 sends, on the weights
// rank 0 last sent, and never updates weights itself.
import { parentPort } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../backend';
import { AVModel } from '../model/model';
import type { Param } from '../model/params';
import { computeGradients } from '../train/step';
import { setMatmulPath } from '../wasm-kernels/matmul-path';
import type { FromPeer, ToPeer } from './protocol';

if (!parentPort) throw new Error('peer-worker.ts runs as a worker thread');
const port = parentPort;
const post = (message: FromPeer, transfer: ArrayBuffer[] = []) =>
  port.postMessage(message, transfer);

let model: AVModel | null = null;
let trainable: Param[] = [];
let rank = 0;

async function init(message: Extract<ToPeer, { type: 'init' }>): Promise<void> {
  const report = await selectBackend(message.backend, { cores: 1 });
  if (report.name === 'wasm' && message.matmul) setMatmulPath(message.matmul);
  rank = message.rank;
  // A peer serves run after run (peer-thread.ts): the last run's replica goes first.
  model?.dispose();
  model = new AVModel(message.config, 0);
  model.setMethod(message.method, message.trainCase);
  for (const p of model.params.all()) {
    const value = message.weights[p.name];
    if (!value) throw new Error(`peer ${rank}: no initial value for ${p.name}`);
    tf.tidy(() => p.variable.assign(tf.tensor(value, p.variable.shape, 'float32')));
  }
  const wanted = new Set(message.trainable);
  model.params.setTrainable((p) => wanted.has(p.name));
  trainable = message.trainable.map((name) => model!.params.get(name));
}

function step(message: Extract<ToPeer, { type: 'step' }>): void {
  if (!model) throw new Error(`peer ${rank}: step before init`);
  const t0 = performance.now();
  const weights = message.weights;
  if (weights)
    trainable.forEach((p, i) => {
      tf.tidy(() => p.variable.assign(tf.tensor(weights[i]!, p.variable.shape)));
    });
  const t1 = performance.now();
  const g = computeGradients(model, trainable, message.shard, message.opts, message.share);
  const t2 = performance.now();
  let size = 0;
  for (const p of trainable) size += p.variable.size;
  const flat = new Float32Array(size);
  let offset = 0;
  for (const p of trainable) {
    const t = g.grads.get(p.name);
    if (!t) throw new Error(`peer ${rank}: no gradient for ${p.name}`);
    flat.set(t.dataSync() as Float32Array, offset);
    offset += p.variable.size;
  }
  for (const t of g.grads.values()) t.dispose();
  post(
    {
      type: 'gradients',
      flat,
      loss: g.loss,
      predicted: g.predicted,
      modalityScores: g.modalityScores,
      timing: { weightsMs: t1 - t0, computeMs: t2 - t1, packMs: performance.now() - t2 },
    },
    [flat.buffer, g.predicted.buffer as ArrayBuffer],
  );
}

// Messages are handled one at a time, in order: init is async (backend loading), steps are not.
// A peer never ends itself: its group terminates the thread (peer-thread.ts).
let chain = Promise.resolve();
port.on('message', (message: ToPeer) => {
  chain = chain.then(async () => {
    try {
      if (message.type === 'init') {
        await init(message);
        post({ type: 'ready' });
      } else step(message);
    } catch (error) {
      post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  });
});
