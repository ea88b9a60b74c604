import * as tf from '@tensorflow/tfjs';

/**
 * Bytes of tensor buffers the wasm backend has allocated and not yet freed. tfjs 4.22's
 * tf.memory().numBytes adds a tensor's size for every tensor object, so reshapes and clones
 * (which share one buffer) are counted again and it overstates memory 2–3× on this model;
 * counting at the backend's allocate/free calls gives the real figure.
 */
let liveBytes = 0;
let installed = false;

interface CountingBackend {
  move(dataId: object, values: unknown, shape: number[], dtype: string, refCount: number): void;
  disposeData(dataId: object, force?: boolean): boolean;
}

export function installHeapAccounting(): void {
  if (installed) return;
  const backend = tf.findBackend('wasm') as unknown as CountingBackend | null;
  if (!backend) return;
  const sizes = new WeakMap<object, number>();
  const move = backend.move.bind(backend);
  const disposeData = backend.disposeData.bind(backend);
  backend.move = (dataId, values, shape, dtype, refCount) => {
    move(dataId, values, shape, dtype, refCount);
    if (dtype === 'string') return;
    const bytes = shape.reduce((a, b) => a * b, 1) * 4; // float32 / int32 / bool are stored as 4 bytes
    sizes.set(dataId, bytes);
    liveBytes += bytes;
  };
  backend.disposeData = (dataId, force) => {
    const freed = disposeData(dataId, force);
    const bytes = sizes.get(dataId);
    if (freed && bytes !== undefined) {
      liveBytes -= bytes;
      sizes.delete(dataId);
    }
    return freed;
  };
  installed = true;
}

/** Live tensor bytes on wasm, or null when accounting is not installed (other backends). */
export function wasmLiveBytes(): number | null {
  return installed ? liveBytes : null;
}
