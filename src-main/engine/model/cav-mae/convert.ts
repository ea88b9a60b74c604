/**
 * CAV-MAE state dicts (upstream `src/models/cav_mae.py`, `CAVMAEFT` or pre-trained `CAVMAE`) in
 * the engine's names and layouts (checkpoint/README.md). Every upstream name is either mapped,
 * or known and deliberately dropped (listed in `ignored`), or an error: nothing is skipped
 * silently.
 */
import type { NamedArray } from '../../checkpoint/safetensors';

export interface ConvertedCavMae {
  /** Engine-named tensors: the `backbone.*` group, plus `head.*` when the file has `mlp_head`. */
  tensors: Map<string, NamedArray>;
  /** Upstream names that a classifier does not use (decoder, modality norms of modality blocks). */
  ignored: string[];
  /** Dimensions read off the tensors (heads cannot be: see cav-mae/load.ts). */
  dims: {
    dim: number;
    mlpRatio: number;
    patch: number;
    audioBlocks: number;
    visualBlocks: number;
    jointBlocks: number;
    audioTokens: number;
    visualGrid: number;
    imageChannels: number;
    numClasses: number | null;
  };
}

const STREAMS = { blocks_a: 'audio_blocks', blocks_v: 'visual_blocks', blocks_u: 'joint_blocks' };
const MODALITY_NORM = /^norm([12])_([av])$/;

/** [rows, cols] → [cols, rows]: PyTorch's nn.Linear [out, in] to the engine's [in, out]. */
function transpose(t: NamedArray, rows = t.shape[0]!, cols = t.shape[1]!, from = 0): NamedArray {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) out[c * rows + r] = t.data[from + r * cols + c]!;
  return { shape: [cols, rows], data: out };
}

/**
 * Conv2d weight [d, C, p, p] (out, channel, y, x) → patch projection [p·p·C, d] whose rows are the
 * engine's (y, x, channel) patch flattening. `swapYX` for audio, whose conv runs over
 * (mel, time) while the engine's audio patches are (time, mel).
 */
function convToPatch(w: NamedArray, swapYX: boolean): NamedArray {
  const [d, C, p] = w.shape as [number, number, number, number];
  const out = new Float32Array(p * p * C * d);
  for (let o = 0; o < d; o++)
    for (let c = 0; c < C; c++)
      for (let y = 0; y < p; y++)
        for (let x = 0; x < p; x++) {
          const row = swapYX ? (x * p + y) * C + c : (y * p + x) * C + c;
          out[row * d + o] = w.data[((o * C + c) * p + y) * p + x]!;
        }
  return { shape: [p * p * C, d], data: out };
}

/**
 * pos_embed_a [1, gM·gT, d], tokens in (mel row, time column) order as the conv flattens them →
 * [gT·gM, d] in the engine's (time, mel) order. Attention and the mean pool do not care about
 * token order, so permuting the positions with the patches computes the same function.
 */
function audioPositions(pos: NamedArray, melRows: number): NamedArray {
  const [, n, d] = pos.shape as [number, number, number];
  const timeCols = n / melRows;
  const out = new Float32Array(n * d);
  for (let m = 0; m < melRows; m++)
    for (let t = 0; t < timeCols; t++)
      out.set(
        pos.data.subarray((m * timeCols + t) * d, (m * timeCols + t + 1) * d),
        (t * melRows + m) * d,
      );
  return { shape: [n, d], data: out };
}

const squeeze = (t: NamedArray, shape: number[]): NamedArray => ({ shape, data: t.data });

/** Converts a CAV-MAE state dict (with or without DataParallel's `module.` prefix). */
export function convertCavMae(
  raw: Map<string, NamedArray>,
  source: string,
  melBins = 128,
): ConvertedCavMae {
  const src = new Map<string, NamedArray>();
  for (const [k, v] of raw) src.set(k.startsWith('module.') ? k.slice(7) : k, v);
  const need = (name: string): NamedArray => {
    const t = src.get(name);
    if (!t) throw new Error(`${source}: not a CAV-MAE checkpoint: "${name}" is missing`);
    return t;
  };
  const dim = need('modality_a').shape.at(-1)!;
  const patchA = need('patch_embed_a.proj.weight');
  const patchV = need('patch_embed_v.proj.weight');
  const patch = patchA.shape[2]!;
  const melRows = melBins / patch;
  const posA = need('pos_embed_a');
  const posV = need('pos_embed_v');
  const visualGrid = Math.round(Math.sqrt(posV.shape[1]!));
  if (!Number.isInteger(melRows) || posA.shape[1]! % melRows !== 0)
    throw new Error(`${source}: pos_embed_a [${posA.shape}] does not fit ${melBins} mel bins`);
  if (visualGrid ** 2 !== posV.shape[1])
    throw new Error(`${source}: pos_embed_v [${posV.shape}] is not a square grid`);

  const out = new Map<string, NamedArray>();
  const ignored: string[] = [];
  const blocks: Record<string, Set<number>> = {
    audio_blocks: new Set<number>(),
    visual_blocks: new Set<number>(),
    joint_blocks: new Set<number>(),
  };
  let hidden = 0;
  const put = (name: string, t: NamedArray) => out.set(name, t);
  for (const [name, t] of src) {
    const parts = name.split('.');
    if (name.startsWith('decoder_') || name.startsWith('mask_token')) ignored.push(name);
    else if (name === 'modality_a' || name === 'modality_v')
      put(`backbone.${name === 'modality_a' ? 'audio' : 'visual'}_modality`, squeeze(t, [dim]));
    else if (name === 'pos_embed_a') put('backbone.audio_pos', audioPositions(t, melRows));
    else if (name === 'pos_embed_v') put('backbone.visual_pos', squeeze(t, t.shape.slice(1)));
    else if (name === 'patch_embed_a.proj.weight')
      put('backbone.audio_embed.weight', convToPatch(t, true));
    else if (name === 'patch_embed_v.proj.weight')
      put('backbone.visual_embed.weight', convToPatch(t, false));
    else if (name === 'patch_embed_a.proj.bias') put('backbone.audio_embed.bias', t);
    else if (name === 'patch_embed_v.proj.bias') put('backbone.visual_embed.bias', t);
    else if (/^norm(_[av])?\.(weight|bias)$/.test(name)) {
      const which =
        parts[0] === 'norm' ? 'norm' : parts[0] === 'norm_a' ? 'audio_norm' : 'visual_norm';
      put(`backbone.${which}.${parts[1]}`, t);
    } else if (name.startsWith('mlp_head.0.')) put(`head.norm.${parts[2]}`, t);
    else if (name === 'mlp_head.1.weight') put('head.weight', transpose(t));
    else if (name === 'mlp_head.1.bias') put('head.bias', t);
    else if (parts[0]! in STREAMS && parts.length >= 4) {
      const stream = STREAMS[parts[0] as keyof typeof STREAMS];
      const site = `backbone.${stream}.${parts[1]}`;
      blocks[stream]!.add(Number(parts[1]));
      const rest = parts.slice(2).join('.');
      const leaf = parts.at(-1)!;
      const modalityNorm = MODALITY_NORM.exec(parts[2]!);
      if (/^norm[12]\./.test(rest)) put(`${site}.${rest}`, t);
      else if (modalityNorm) {
        // Every upstream Block has them; only the unified block uses them (one modality alone).
        if (stream !== 'joint_blocks') ignored.push(name);
        else
          put(
            `${site}.${modalityNorm[2] === 'a' ? 'audio' : 'visual'}_norm${modalityNorm[1]}.${leaf}`,
            t,
          );
      } else if (rest === 'attn.qkv.weight' || rest === 'attn.qkv.bias') {
        // Fused [q; k; v] rows: split into the engine's three projections.
        for (const [i, w] of ['q', 'k', 'v'].entries())
          put(
            `${site}.attn.${w}.${leaf}`,
            leaf === 'weight'
              ? transpose(t, dim, dim, i * dim * dim)
              : { shape: [dim], data: t.data.slice(i * dim, (i + 1) * dim) },
          );
      } else if (/^(attn\.proj|mlp\.fc[12])\.weight$/.test(rest)) {
        if (rest === 'mlp.fc1.weight') hidden = t.shape[0]!;
        put(`${site}.${rest}`, transpose(t));
      } else if (/^(attn\.proj|mlp\.fc[12])\.bias$/.test(rest)) put(`${site}.${rest}`, t);
      else throw new Error(`${source}: unknown CAV-MAE tensor "${name}"`);
    } else throw new Error(`${source}: unknown CAV-MAE tensor "${name}"`);
  }
  const head = src.get('mlp_head.1.weight');
  return {
    tensors: out,
    ignored,
    dims: {
      dim,
      mlpRatio: hidden / dim,
      patch,
      audioBlocks: blocks.audio_blocks!.size,
      visualBlocks: blocks.visual_blocks!.size,
      jointBlocks: blocks.joint_blocks!.size,
      audioTokens: posA.shape[1]!,
      visualGrid,
      imageChannels: patchV.shape[1]!,
      numClasses: head ? head.shape[0]! : null,
    },
  };
}
