/**
 * Fixed 2-D sin-cos position embedding (MAE's get_2d_sincos_pos_embed): half of the width
 * encodes the row, half the column; each half is [sin(p·ω) ; cos(p·ω)], ω_i = 10000^(−i/(D/4)).
 * Returns [rows·cols, dim] row-major.
 */
export function sinCos2d(rows: number, cols: number, dim: number): Float32Array {
  if (dim % 4 !== 0) throw new Error(`sin-cos positions need dim divisible by 4, got ${dim}`);
  const quarter = dim / 4;
  const out = new Float32Array(rows * cols * dim);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) {
      const base = (r * cols + c) * dim;
      for (let i = 0; i < quarter; i++) {
        const omega = 1 / 10000 ** (i / quarter);
        out[base + i] = Math.sin(r * omega);
        out[base + quarter + i] = Math.cos(r * omega);
        out[base + 2 * quarter + i] = Math.sin(c * omega);
        out[base + 3 * quarter + i] = Math.cos(c * omega);
      }
    }
  return out;
}
