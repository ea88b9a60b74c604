import type { AttentionMap } from '@shared/domain/training';

/** [queries, keys] weights of one head, or the mean over heads when `head` is null. */
export function headMatrix(map: AttentionMap, head: number | null): Float64Array {
  const { heads, queries, keys, weights } = map;
  if (weights.length !== heads * queries * keys)
    throw new Error(
      `attention map of block ${map.block}: ${weights.length} weights, expected ${heads}×${queries}×${keys}`,
    );
  const out = new Float64Array(queries * keys);
  const first = head ?? 0;
  const last = head ?? heads - 1;
  const n = last - first + 1;
  for (let h = first; h <= last; h++) {
    const offset = h * queries * keys; // weights are row-major [heads, queries, keys]
    for (let i = 0; i < queries * keys; i++) out[i]! += weights[offset + i]! / n;
  }
  return out;
}

/** Rows of a [queries, keys] matrix split into the prompt key columns (first) and the content ones. */
export function splitPromptColumns(
  matrix: ArrayLike<number>,
  queries: number,
  keys: number,
  promptKeys: number,
): { prompt: number[][]; content: number[][] } {
  const prompt: number[][] = [];
  const content: number[][] = [];
  for (let q = 0; q < queries; q++) {
    const row = Array.from({ length: keys }, (_, k) => matrix[q * keys + k]!);
    prompt.push(row.slice(0, promptKeys));
    content.push(row.slice(promptKeys));
  }
  return { prompt, content };
}

/**
 * Attention each content key receives, averaged over the queries, laid out on the key
 * modality's token grid: [rows, cols] row-major (audio: [time patches, mel patches]).
 */
export function contentKeyGrid(
  matrix: ArrayLike<number>,
  queries: number,
  keys: number,
  promptKeys: number,
  grid: readonly [number, number],
): number[] {
  const tokens = grid[0] * grid[1];
  if (keys - promptKeys !== tokens)
    throw new Error(
      `attention map has ${keys - promptKeys} content keys, the token grid ${grid[0]}×${grid[1]} has ${tokens}`,
    );
  const out = new Array<number>(tokens).fill(0);
  for (let q = 0; q < queries; q++)
    for (let t = 0; t < tokens; t++) out[t]! += matrix[q * keys + promptKeys + t]! / queries;
  return out;
}

/** Share of a [queries, keys] matrix's mass on the prompt columns (each row sums to 1). */
export function promptShareOf(
  matrix: ArrayLike<number>,
  queries: number,
  keys: number,
  promptKeys: number,
): number {
  let onPrompts = 0;
  let total = 0;
  for (let q = 0; q < queries; q++)
    for (let k = 0; k < keys; k++) {
      const w = matrix[q * keys + k]!;
      total += w;
      if (k < promptKeys) onPrompts += w;
    }
  return total > 0 ? onPrompts / total : 0;
}
