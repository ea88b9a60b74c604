import { readFileSync } from 'node:fs';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { cavMaeFixture } from '../../../tests/support/engine/cav-mae-fixture';
import { decodePth, readPth } from './pth';
import { readSafetensors } from './safetensors';
import { unpickleStateDict } from './torch-pickle';

/** Hand-assembled pickle bytes: opcodes as characters or numbers, strings as BINUNICODE. */
function pickle(...parts: (string | number | { u: string })[]): Uint8Array {
  const out: number[] = [0x80, 2];
  for (const p of parts) {
    if (typeof p === 'number') out.push(p);
    else if (typeof p === 'string') out.push(...Buffer.from(p, 'latin1'));
    else {
      const b = Buffer.from(p.u, 'utf8');
      out.push(0x58, b.length & 0xff, (b.length >> 8) & 0xff, 0, 0, ...b);
    }
  }
  out.push(0x2e);
  return new Uint8Array(out);
}

/** `OrderedDict([(name, rebuild(storage key '0' of `type`, offset, size, stride))])`. */
function stateDictPickle(
  name: string,
  type: string,
  offset: number,
  size: number[],
  stride: number[],
) {
  const ints = (xs: number[]) => ['(', ...xs.flatMap((x) => ['K', x]), 't'];
  return pickle(
    'ccollections\nOrderedDict\n',
    ')R(',
    { u: name },
    'ctorch._utils\n_rebuild_tensor_v2\n',
    '((',
    { u: 'storage' },
    `ctorch\n${type}\n`,
    { u: '0' },
    { u: 'cpu' },
    'K',
    16,
    'tQK',
    offset,
    ...ints(size),
    ...ints(stride),
    0x89,
    'ccollections\nOrderedDict\n',
    ')R',
    'tRu',
  );
}

function pthOf(pkl: Uint8Array, storage: Uint8Array): Uint8Array {
  return zipSync(
    { 'ckpt/data.pkl': pkl, 'ckpt/data/0': storage, 'ckpt/version': Buffer.from('3\n') },
    { level: 0 },
  );
}

describe('torch state dict pickles', () => {
  it('reads the fixture .pth to the same 478 tensors as its safetensors twin, bit for bit', () => {
    const pth = readPth(cavMaeFixture('cav-mae-ft-narrow.pth'));
    const st = readSafetensors(cavMaeFixture('cav-mae-ft-narrow.safetensors')).tensors;
    expect(pth.size).toBe(478);
    expect([...pth.keys()].sort()).toEqual([...st.keys()].sort());
    for (const [name, t] of st) {
      expect(pth.get(name)!.shape, name).toEqual(t.shape);
      expect(Buffer.from(pth.get(name)!.data.buffer).equals(Buffer.from(t.data.buffer)), name).toBe(
        true,
      );
    }
  });

  it('reads strided views and half-precision storages', () => {
    const storage = new Float32Array(16).map((_, i) => i);
    // A transposed 2×3 view starting at element 1: rows step 1, columns step 2.
    const t = decodePth(
      pthOf(
        stateDictPickle('w', 'FloatStorage', 1, [2, 3], [1, 2]),
        new Uint8Array(storage.buffer),
      ),
      'strided.pth',
    ).get('w')!;
    expect(t.shape).toEqual([2, 3]);
    expect([...t.data]).toEqual([1, 3, 5, 2, 4, 6]);
    const half = new Uint16Array(16);
    half[0] = 0x3c00; // 1
    half[1] = 0xc000; // -2
    half[2] = 0x3555; // ≈ 1/3
    const h = decodePth(
      pthOf(stateDictPickle('h', 'HalfStorage', 0, [3], [1]), new Uint8Array(half.buffer)),
      'h.pth',
    );
    expect([...h.get('h')!.data]).toEqual([1, -2, 0.333251953125]);
  });

  it('refuses a pickle that names os.system, naming the global, and runs nothing', () => {
    const evil = pickle('cos\nsystem\n', { u: 'touch /tmp/avlab-pwned' }, 0x85, 'R');
    expect(() => unpickleStateDict(evil, 'evil.pth')).toThrow(
      /evil\.pth: refusing global "os\.system"/,
    );
    expect(() => unpickleStateDict(pickle('cbuiltins\neval\n'), 'e.pth')).toThrow(
      /"builtins\.eval"/,
    );
    // Protocol 4's STACK_GLOBAL spelling of the same thing.
    const stacked = pickle({ u: 'posix' }, { u: 'system' }, 0x93);
    expect(() => unpickleStateDict(stacked, 's.pth')).toThrow(/refusing global "posix\.system"/);
  });

  it('refuses opcodes a state dict never uses', () => {
    // INST 'os system' — the pre-protocol-2 way to call a global.
    expect(() => unpickleStateDict(pickle('(ios\nsystem\n'), 'inst.pth')).toThrow(/opcode 0x69/);
  });

  it('refuses truncated pickles and archives, naming the file', () => {
    const pkl = stateDictPickle('w', 'FloatStorage', 0, [4], [1]);
    expect(() => unpickleStateDict(pkl.subarray(0, 60), 'cut.pth')).toThrow(/cut\.pth.*truncated/);
    const whole = readFileSync(cavMaeFixture('cav-mae-ft-narrow.pth'));
    expect(() => decodePth(whole.subarray(0, whole.length - 1000), 'cut.pth')).toThrow(/cut\.pth/);
    const short = pthOf(pkl, new Uint8Array(8));
    expect(() => decodePth(short, 'short.pth')).toThrow(
      /short\.pth: tensor "w": storage has 8 bytes/,
    );
    expect(() => decodePth(new Uint8Array([1, 2, 3, 4]), 'x.pth')).toThrow(
      /x\.pth: not a PyTorch zip/,
    );
  });

  it('refuses a state dict entry that is not a tensor', () => {
    const pkl = pickle('ccollections\nOrderedDict\n', ')R', { u: 'n' }, 'K', 3, 's');
    expect(() => unpickleStateDict(pkl, 'n.pth')).toThrow(/entry "n" is not a tensor/);
  });
});
