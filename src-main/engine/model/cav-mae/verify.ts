import { FORWARD_MODES, type ForwardMode } from '@shared/domain/model';
import * as tf from '@tensorflow/tfjs';
import { readSafetensors } from '../../checkpoint/safetensors';
import { type CavMaeOptions, modelFromCavMae, readCavMae } from './load';

export interface VerifyResult {
  modes: Partial<Record<ForwardMode, { maxAbsDiff: number }>>;
}

/**
 * Recomputes `logits.<mode>` of EXPECTED (a safetensors file of `audio` [B, T, mel], `image`
 * [B, C, S, S] (NCHW, as PyTorch feeds it) and the logits PyTorch computed) with the checkpoint
 * loaded into the engine, for every mode present: the check that a conversion is right.
 * The number of heads comes from `opts`, else EXPECTED's `config.num_heads` metadata (as the
 * fixture's), else the ViT default.
 */
export function verifyCavMae(
  checkpointPath: string,
  expectedPath: string,
  opts: CavMaeOptions = {},
): VerifyResult {
  const expected = readSafetensors(expectedPath);
  const get = (name: string) => {
    const t = expected.tensors.get(name);
    if (!t) throw new Error(`${expectedPath}: no "${name}" tensor`);
    return t;
  };
  const audio = get('audio');
  const image = get('image');
  const modes = FORWARD_MODES.filter((m) => expected.tensors.has(`logits.${m}`));
  if (modes.length === 0) throw new Error(`${expectedPath}: no logits.<mode> tensors`);
  const ckpt = readCavMae(checkpointPath, {
    ...opts,
    heads: opts.heads ?? headsOf(expected.metadata),
  });
  if (ckpt.pretrained)
    throw new Error(
      `${checkpointPath}: a pre-trained checkpoint has no head, so no logits to verify`,
    );
  const model = modelFromCavMae(ckpt);
  const result: VerifyResult = { modes: {} };
  try {
    for (const mode of modes) {
      const want = get(`logits.${mode}`);
      const got = tf.tidy(() => {
        const a = tf.tensor(audio.data, audio.shape, 'float32') as tf.Tensor; // [B, T, mel]
        const v = tf
          .tensor(image.data, image.shape, 'float32')
          .transpose([0, 2, 3, 1]) as tf.Tensor4D; // NCHW → NHWC
        if (a.rank !== 3 || v.rank !== 4)
          throw new Error(`${expectedPath}: audio must be [B, T, mel], image [B, C, S, S]`);
        return model.forward(a as tf.Tensor3D, v, { mode }).dataSync() as Float32Array;
      });
      if (got.length !== want.data.length)
        throw new Error(
          `logits.${mode}: model gives ${got.length} values, EXPECTED has ${want.data.length}`,
        );
      let maxAbsDiff = 0;
      for (let i = 0; i < got.length; i++)
        maxAbsDiff = Math.max(maxAbsDiff, Math.abs(got[i]! - want.data[i]!));
      result.modes[mode] = { maxAbsDiff };
    }
  } finally {
    model.dispose();
  }
  return result;
}

function headsOf(metadata: Record<string, string>): number | undefined {
  try {
    const heads = JSON.parse(metadata.config ?? '{}').num_heads;
    return Number.isInteger(heads) ? heads : undefined;
  } catch {
    return undefined;
  }
}
