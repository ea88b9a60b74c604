// Node 20 has no Float16Array: IEEE half precision by bit manipulation, round-to-nearest-even.
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

export function toFloat16Bits(value: number): number {
  f32[0] = value;
  const x = u32[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exponent = (x >>> 23) & 0xff;
  let mantissa = x & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0); // Inf / NaN
  const halfExponent = exponent - 127 + 15;
  if (halfExponent >= 0x1f) return sign | 0x7c00; // overflow → Inf
  if (halfExponent <= 0) {
    if (halfExponent < -10) return sign; // underflow → ±0
    mantissa |= 0x800000;
    const shift = 14 - halfExponent;
    const rounded = (mantissa >>> shift) + roundBit(mantissa, shift);
    return sign | rounded;
  }
  const rounded = (halfExponent << 10) | (mantissa >>> 13);
  return sign | (rounded + roundBit(mantissa, 13));
}

/** 1 when the bits shifted out round the kept part up (ties to even). */
function roundBit(mantissa: number, shift: number): number {
  const half = 1 << (shift - 1);
  const rest = mantissa & ((1 << shift) - 1);
  if (rest > half) return 1;
  if (rest < half) return 0;
  return (mantissa >>> shift) & 1;
}

const HALF_TO_FLOAT = new Float32Array(65536);
for (let h = 0; h < 65536; h++) {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >>> 10) & 0x1f;
  const mantissa = h & 0x3ff;
  HALF_TO_FLOAT[h] =
    exponent === 0
      ? sign * 2 ** -14 * (mantissa / 1024)
      : exponent === 0x1f
        ? mantissa
          ? Number.NaN
          : sign * Number.POSITIVE_INFINITY
        : sign * 2 ** (exponent - 15) * (1 + mantissa / 1024);
}

export function fromFloat16Bits(bits: number): number {
  return HALF_TO_FLOAT[bits & 0xffff]!;
}

export function encodeFloat16(
  values: Float32Array,
  out = new Uint16Array(values.length),
): Uint16Array {
  for (let i = 0; i < values.length; i++) out[i] = toFloat16Bits(values[i]!);
  return out;
}

export function decodeFloat16(
  bits: Uint16Array,
  out: Float32Array = new Float32Array(bits.length),
  offset = 0,
): Float32Array {
  for (let i = 0; i < bits.length; i++) out[offset + i] = HALF_TO_FLOAT[bits[i]!]!;
  return out;
}
