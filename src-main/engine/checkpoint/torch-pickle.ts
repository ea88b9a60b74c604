/**
 * A safe unpickler for exactly one thing: the `data.pkl` of a PyTorch state dict (what
 * `torch.save(model.state_dict())` writes). It interprets only the opcodes such a pickle uses and
 * resolves only the globals a state dict names; any other global (`os.system`, `builtins.eval`,
 * …) or opcode is refused with an error naming it. Nothing is ever called: allowed globals map to
 * our own constructors of plain data (a Map, a tensor reference), never to code named by the file.
 */

export type TorchDtype = 'float32' | 'float16' | 'bfloat16' | 'float64';

/** A storage of the zip's `<name>/data/<key>` entry, as a persistent id names it. */
export interface StorageRef {
  dtype: TorchDtype;
  key: string;
  /** Elements in the storage. */
  numel: number;
}

/** What `torch._utils._rebuild_tensor_v2` would build: a strided view of a storage. */
export interface TensorRef {
  storage: StorageRef;
  offset: number;
  shape: number[];
  stride: number[];
}

const STORAGE_TYPES: Record<string, TorchDtype> = {
  'torch.FloatStorage': 'float32',
  'torch.HalfStorage': 'float16',
  'torch.BFloat16Storage': 'bfloat16',
  'torch.DoubleStorage': 'float64',
};
const ORDERED_DICT = 'collections.OrderedDict';
const REBUILD_TENSOR = 'torch._utils._rebuild_tensor_v2';
const REBUILD_PARAMETER = 'torch._utils._rebuild_parameter';
const ALLOWED_GLOBALS = [
  ORDERED_DICT,
  REBUILD_TENSOR,
  REBUILD_PARAMETER,
  ...Object.keys(STORAGE_TYPES),
];

/** A resolved, allowed global: only ever compared by name, never invoked. */
class Global {
  constructor(readonly name: string) {}
}
class Tuple {
  constructor(readonly items: Value[]) {}
}
/** dict and OrderedDict alike (a state dict's `_metadata` attribute is a plain dict of dicts). */
type Dict = Map<Value, Value>;
type Value =
  | string
  | number
  | boolean
  | null
  | Global
  | Tuple
  | Dict
  | Value[]
  | StorageRef
  | TensorRef;
const MARK = Symbol('mark');

const isTensor = (v: unknown): v is TensorRef =>
  typeof v === 'object' && v !== null && 'storage' in v && 'stride' in v;
const isStorage = (v: unknown): v is StorageRef =>
  typeof v === 'object' && v !== null && 'dtype' in v && 'numel' in v;

const intsOf = (v: Value, what: string): number[] => {
  if (!(v instanceof Tuple) || !v.items.every((x) => Number.isInteger(x)))
    throw new Error(`${what} is not a tuple of integers`);
  return v.items as number[];
};

/**
 * Interprets a state dict pickle (protocols 2–4) into tensor references by name, in file order.
 * `source` names the file in every error.
 */
export function unpickleStateDict(bytes: Uint8Array, source: string): Map<string, TensorRef> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const stack: (Value | typeof MARK)[] = [];
  const memo = new Map<number, Value>();
  let pos = 0;
  const fail = (msg: string): never => {
    throw new Error(`${source}: ${msg}`);
  };
  const need = (n: number) => {
    if (pos + n > bytes.length)
      fail(`pickle ends early at byte ${bytes.length} (needs ${pos + n}): truncated file?`);
  };
  const take = (n: number): number => {
    need(n);
    pos += n;
    return pos - n;
  };
  const u8 = () => bytes[take(1)]!;
  const u16 = () => view.getUint16(take(2), true);
  const u32 = () => view.getUint32(take(4), true);
  const text = (n: number) => {
    need(n);
    pos += n;
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(pos - n, pos));
  };
  const line = () => {
    const end = bytes.indexOf(0x0a, pos);
    if (end < 0) fail('pickle ends inside a GLOBAL name: truncated file?');
    const s = text(end - pos);
    pos++;
    return s;
  };
  const pop = (): Value => {
    const v = stack.pop();
    if (v === undefined || v === MARK) fail(`pickle pops an empty stack at byte ${pos}`);
    return v as Value;
  };
  const popMark = (): Value[] => {
    const i = stack.lastIndexOf(MARK);
    if (i < 0) fail(`pickle has no MARK at byte ${pos}`);
    const items = stack.splice(i) as Value[];
    return items.slice(1);
  };
  const resolve = (module: string, name: string): Global => {
    const full = `${module}.${name}`;
    if (!ALLOWED_GLOBALS.includes(full))
      fail(
        `refusing global "${full}": a state dict names only ${ALLOWED_GLOBALS.join(', ')} (nothing in the file is executed)`,
      );
    return new Global(full);
  };
  const dictOf = (v: Value, op: string): Dict => {
    if (!(v instanceof Map)) fail(`${op} on something that is not a dict`);
    return v as Dict;
  };
  const reduce = (fn: Value, args: Value): Value => {
    if (!(fn instanceof Global)) return fail('REDUCE on something that is not an allowed global');
    if (!(args instanceof Tuple)) return fail(`REDUCE of ${fn.name} without an argument tuple`);
    const a = args.items;
    if (fn.name === ORDERED_DICT) {
      if (a.length > 0) fail('collections.OrderedDict is called with arguments');
      return new Map();
    }
    if (fn.name === REBUILD_TENSOR) {
      const [storage, offset, size, stride, , hooks] = a;
      if (!isStorage(storage)) return fail(`${fn.name}: first argument is not a storage`);
      if (!Number.isInteger(offset)) fail(`${fn.name}: storage offset is not an integer`);
      if (hooks instanceof Map && hooks.size > 0) fail(`${fn.name}: tensor has backward hooks`);
      return {
        storage,
        offset: offset as number,
        shape: intsOf(size!, `${fn.name} size`),
        stride: intsOf(stride!, `${fn.name} stride`),
      };
    }
    if (fn.name === REBUILD_PARAMETER) {
      if (!isTensor(a[0])) fail(`${fn.name}: first argument is not a tensor`);
      return a[0]!;
    }
    return fail(`${fn.name} is not callable in a state dict`);
  };
  const persistent = (pid: Value): StorageRef => {
    const items = pid instanceof Tuple ? pid.items : [];
    const [tag, type, key, , numel] = items;
    if (tag !== 'storage' || !(type instanceof Global) || typeof key !== 'string')
      return fail('persistent id is not a (storage, type, key, location, numel) tuple');
    const dtype = STORAGE_TYPES[type.name];
    if (!dtype) return fail(`storage type ${type.name} is not a floating-point storage`);
    if (!Number.isInteger(numel)) fail(`storage ${key} has no element count`);
    return { dtype, key, numel: numel as number };
  };

  for (;;) {
    const at = pos;
    const op = u8();
    switch (op) {
      case 0x80: // PROTO
        if (u8() > 4) fail('pickle protocol above 4');
        break;
      case 0x95: // FRAME: an 8-byte length we do not need
        need(8);
        pos += 8;
        break;
      case 0x2e: {
        // STOP
        const top = pop();
        if (!(top instanceof Map))
          return fail('pickle is not a state dict (top level is not a dict)');
        const out = new Map<string, TensorRef>();
        for (const [k, v] of top) {
          if (typeof k !== 'string') fail('state dict has a key that is not a string');
          if (!isTensor(v)) fail(`state dict entry "${String(k)}" is not a tensor`);
          out.set(k as string, v as TensorRef);
        }
        return out;
      }
      case 0x28: // MARK
        stack.push(MARK);
        break;
      case 0x7d: // EMPTY_DICT
        stack.push(new Map());
        break;
      case 0x5d: // EMPTY_LIST
        stack.push([]);
        break;
      case 0x29: // EMPTY_TUPLE
        stack.push(new Tuple([]));
        break;
      case 0x74: // TUPLE
        stack.push(new Tuple(popMark()));
        break;
      case 0x85: // TUPLE1
      case 0x86: // TUPLE2
      case 0x87: {
        // TUPLE3
        const n = op - 0x84;
        const items: Value[] = [];
        for (let i = 0; i < n; i++) items.unshift(pop());
        stack.push(new Tuple(items));
        break;
      }
      case 0x58: // BINUNICODE
        stack.push(text(u32()));
        break;
      case 0x8c: // SHORT_BINUNICODE
        stack.push(text(u8()));
        break;
      case 0x71: // BINPUT
        memo.set(u8(), stack.at(-1) as Value);
        break;
      case 0x72: // LONG_BINPUT
        memo.set(u32(), stack.at(-1) as Value);
        break;
      case 0x94: // MEMOIZE
        memo.set(memo.size, stack.at(-1) as Value);
        break;
      case 0x68: // BINGET
      case 0x6a: {
        // LONG_BINGET
        const i = op === 0x68 ? u8() : u32();
        if (!memo.has(i)) fail(`pickle reads memo ${i} before writing it`);
        stack.push(memo.get(i)!);
        break;
      }
      case 0x4a: // BININT
        need(4);
        stack.push(view.getInt32(pos, true));
        pos += 4;
        break;
      case 0x4b: // BININT1
        stack.push(u8());
        break;
      case 0x4d: // BININT2
        stack.push(u16());
        break;
      case 0x8a: {
        // LONG1: little-endian two's complement
        const n = u8();
        need(n);
        let v = 0n;
        for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[pos + i]!);
        if (n > 0 && bytes[pos + n - 1]! & 0x80) v -= 1n << BigInt(8 * n);
        pos += n;
        if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER))
          fail(`integer ${v} is too large`);
        stack.push(Number(v));
        break;
      }
      case 0x47: // BINFLOAT (big-endian double)
        need(8);
        stack.push(view.getFloat64(pos, false));
        pos += 8;
        break;
      case 0x88: // NEWTRUE
        stack.push(true);
        break;
      case 0x89: // NEWFALSE
        stack.push(false);
        break;
      case 0x4e: // NONE
        stack.push(null);
        break;
      case 0x63: {
        // GLOBAL "module\nname\n"
        const module = line();
        stack.push(resolve(module, line()));
        break;
      }
      case 0x93: {
        // STACK_GLOBAL
        const name = pop();
        const module = pop();
        if (typeof module !== 'string' || typeof name !== 'string')
          fail('STACK_GLOBAL without string names');
        stack.push(resolve(module as string, name as string));
        break;
      }
      case 0x52: {
        // REDUCE
        const args = pop();
        stack.push(reduce(pop(), args));
        break;
      }
      case 0x51: // BINPERSID
        stack.push(persistent(pop()));
        break;
      case 0x62: {
        // BUILD: only an OrderedDict's attributes (a state dict's `_metadata`), which we drop
        pop();
        if (!(stack.at(-1) instanceof Map)) fail('BUILD on something that is not an OrderedDict');
        break;
      }
      case 0x73: {
        // SETITEM
        const v = pop();
        const k = pop();
        dictOf(stack.at(-1) as Value, 'SETITEM').set(k, v);
        break;
      }
      case 0x75: {
        // SETITEMS
        const items = popMark();
        const d = dictOf(stack.at(-1) as Value, 'SETITEMS');
        if (items.length % 2 !== 0) fail('SETITEMS with an odd number of items');
        for (let i = 0; i < items.length; i += 2) d.set(items[i]!, items[i + 1]!);
        break;
      }
      case 0x61: {
        // APPEND
        const v = pop();
        const list = stack.at(-1);
        if (!Array.isArray(list)) fail('APPEND on something that is not a list');
        (list as Value[]).push(v);
        break;
      }
      case 0x65: {
        // APPENDS
        const items = popMark();
        const list = stack.at(-1);
        if (!Array.isArray(list)) fail('APPENDS on something that is not a list');
        (list as Value[]).push(...items);
        break;
      }
      default:
        fail(
          `pickle opcode 0x${op.toString(16).padStart(2, '0')} ('${String.fromCharCode(op)}') at byte ${at} is not one a state dict uses`,
        );
    }
  }
}
