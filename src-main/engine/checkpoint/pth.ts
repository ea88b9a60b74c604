/**
 * PyTorch `.pth` checkpoints in the zip format (torch ≥ 1.6): `<name>/data.pkl` (the pickled
 * state dict, read by the safe unpickler) and `<name>/data/<key>` (raw little-endian storages).
 * Tensors come back as float32 arrays in PyTorch's own names and layouts.
 */
import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import type { NamedArray } from './safetensors';
import { type TensorRef, type TorchDtype, unpickleStateDict } from './torch-pickle';

const BYTES: Record<TorchDtype, number> = { float32: 4, float16: 2, bfloat16: 2, float64: 8 };

export function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

export function readPth(path: string): Map<string, NamedArray> {
  return decodePth(readFileSync(path), path);
}

export function decodePth(bytes: Uint8Array, source: string): Map<string, NamedArray> {
  if (!isZip(bytes))
    throw new Error(
      `${source}: not a PyTorch zip checkpoint (the legacy pre-1.6 format is not supported: re-save it with a recent torch.save)`,
    );
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch (e) {
    throw new Error(
      `${source}: the zip archive is unreadable (${(e as Error).message}): truncated file?`,
    );
  }
  const pickles = Object.keys(files).filter((n) => /^[^/]+\/data\.pkl$/.test(n));
  if (pickles.length !== 1)
    throw new Error(
      `${source}: expected one <name>/data.pkl in the archive, found ${pickles.length}`,
    );
  const root = pickles[0]!.slice(0, -'data.pkl'.length);
  const refs = unpickleStateDict(files[pickles[0]!]!, `${source} (${pickles[0]})`);
  const out = new Map<string, NamedArray>();
  for (const [name, ref] of refs) {
    const storage = files[`${root}data/${ref.storage.key}`];
    if (!storage) throw new Error(`${source}: storage ${ref.storage.key} of "${name}" is missing`);
    out.set(name, materialise(ref, storage, `${source}: tensor "${name}"`));
  }
  return out;
}

/** Reads a strided view of a storage into a dense row-major float32 array. */
function materialise(ref: TensorRef, storage: Uint8Array, what: string): NamedArray {
  const { dtype, numel } = ref.storage;
  const size = BYTES[dtype];
  if (storage.byteLength < numel * size)
    throw new Error(`${what}: storage has ${storage.byteLength} bytes, needs ${numel * size}`);
  const count = ref.shape.reduce((a, b) => a * b, 1);
  if (ref.shape.length !== ref.stride.length)
    throw new Error(`${what}: shape [${ref.shape}] and stride [${ref.stride}] differ in rank`);
  let last = ref.offset;
  for (let d = 0; d < ref.shape.length; d++)
    if (ref.shape[d]! > 0) last += (ref.shape[d]! - 1) * ref.stride[d]!;
  if (count > 0 && (ref.offset < 0 || last >= numel))
    throw new Error(`${what}: view reaches element ${last} of a ${numel}-element storage`);
  if (dtype === 'float32' && isContiguous(ref)) {
    // What state dicts hold almost always: one byte copy (a real checkpoint is ~10⁸ floats).
    const bytes = storage.slice(4 * ref.offset, 4 * (ref.offset + count));
    return { shape: ref.shape, data: new Float32Array(bytes.buffer, 0, count) };
  }
  const view = new DataView(storage.buffer, storage.byteOffset, storage.byteLength);
  const read = reader(dtype, view);
  const data = new Float32Array(count);
  const index = new Array<number>(ref.shape.length).fill(0);
  let src = ref.offset;
  for (let i = 0; i < count; i++) {
    data[i] = read(src);
    // Advance the multi-index in row-major order, moving `src` by the strides.
    for (let d = ref.shape.length - 1; d >= 0; d--) {
      src += ref.stride[d]!;
      if (++index[d]! < ref.shape[d]!) break;
      src -= ref.stride[d]! * ref.shape[d]!;
      index[d] = 0;
    }
  }
  return { shape: ref.shape, data };
}

function isContiguous({ shape, stride }: TensorRef): boolean {
  let expected = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    if (shape[d]! !== 1 && stride[d] !== expected) return false;
    expected *= shape[d]!;
  }
  return true;
}

function reader(dtype: TorchDtype, view: DataView): (i: number) => number {
  switch (dtype) {
    case 'float32':
      return (i) => view.getFloat32(4 * i, true);
    case 'float64':
      return (i) => view.getFloat64(8 * i, true);
    case 'bfloat16':
      return (i) => {
        const bits = new DataView(new ArrayBuffer(4));
        bits.setUint16(0, view.getUint16(2 * i, true), false);
        return bits.getFloat32(0, false);
      };
    case 'float16':
      return (i) => halfToFloat(view.getUint16(2 * i, true));
  }
}

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 31) return frac ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}
