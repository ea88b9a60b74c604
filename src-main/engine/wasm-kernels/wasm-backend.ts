/**
 * The parts of tfjs-backend-wasm's BackendWasm the replacement kernels use. The class is not
 * exported with these members typed, so they are described here and checked at registration.
 */
export interface TensorRecord {
  id: number;
  memoryOffset: number;
  shape: number[];
  dtype: string;
  refCount: number;
}

export interface WasmModule {
  HEAPU8: Uint8Array;
  cwrap(name: string, ret: null, args: string[]): (...args: unknown[]) => void;
  tfjs: {
    registerTensor(id: number, size: number, memoryOffset: number): void;
    disposeData(id: number): void;
  };
}

export interface TensorInfoLike {
  dataId: object;
  shape: number[];
  dtype: string;
}

export interface WasmBackend {
  wasm: WasmModule;
  dataIdMap: { get(dataId: object): TensorRecord };
  dataIdNextNumber: number;
  makeOutput(shape: number[], dtype: string): TensorInfoLike;
  typedArrayFromHeap(t: TensorInfoLike): Float32Array | Int32Array | Uint8Array;
  disposeData(dataId: object, force?: boolean): boolean;
  readSync(dataId: object): unknown;
}

/**
 * Registers a C++-side tensor that aliases `size` elements at `memoryOffset` (inside another
 * tensor's buffer), for the duration of one call. The C++ `dispose_data` only forgets the id
 * (and drops XNNPACK operators cached on it); the memory stays owned by the parent tensor.
 */
export function withView<T>(
  backend: WasmBackend,
  memoryOffset: number,
  size: number,
  f: (id: number) => T,
): T {
  const id = backend.dataIdNextNumber++;
  backend.wasm.tfjs.registerTensor(id, size, memoryOffset);
  try {
    return f(id);
  } finally {
    backend.wasm.tfjs.disposeData(id);
  }
}

/** Float index of a tensor in the heap (the addon counts floats, tfjs counts bytes). */
export function floatOffset(backend: WasmBackend, t: TensorInfoLike): number {
  const bytes = backend.dataIdMap.get(t.dataId).memoryOffset;
  if (bytes % 4 !== 0) throw new Error(`tensor at heap byte ${bytes} is not float-aligned`);
  return bytes / 4;
}
