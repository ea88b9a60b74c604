import * as tf from '@tensorflow/tfjs';

/**
 * OGM-GE (Peng et al., CVPR 2022, "Balanced Multimodal Learning via On-the-fly Gradient
 * Modulation"). Per step, each modality's confidence is the batch sum of its unimodal softmax
 * probability of the true label (here: the auxiliary heads, aux-heads.ts, since our fusion is
 * cross-attention rather than a splittable linear classifier). With ρ = s_a / s_v, the dominant
 * modality's encoder gradients are scaled by k = 1 − tanh(α·ρ) (ρ > 1; the other keeps k = 1,
 * as in the paper's Eq. 10 and released code), and every encoder gradient then gets Gaussian
 * noise N(0, std(g)²) (generalisation enhancement, "GE").
 */
export function ogmCoefficients(
  scoreAudio: number,
  scoreVisual: number,
  alpha: number,
): { audio: number; visual: number } {
  const eps = 1e-8;
  const ratioAudio = (scoreAudio + eps) / (scoreVisual + eps);
  if (ratioAudio > 1) return { audio: 1 - Math.tanh(alpha * ratioAudio), visual: 1 };
  return { audio: 1, visual: 1 - Math.tanh(alpha / ratioAudio) };
}

/** Which modality encoder a weight belongs to (stem, patch projection, modality embedding, blocks). */
export function encoderOf(name: string): 'audio' | 'visual' | null {
  for (const m of ['audio', 'visual'] as const)
    for (const part of ['stem.', 'embed.', 'modality', 'blocks.'])
      if (name.startsWith(`backbone.${m}_${part}`)) return m;
  return null;
}

/** g·k + N(0, std(g)²) for encoder gradients (noise seeded per param); others unchanged. */
export function modulateGradients(
  grads: Map<string, tf.Tensor>,
  coeff: { audio: number; visual: number },
  seed: number,
): Map<string, tf.Tensor> {
  const out = new Map<string, tf.Tensor>();
  let i = 0;
  for (const [name, g] of grads) {
    const m = encoderOf(name);
    i++;
    if (!m) {
      out.set(name, g);
      continue;
    }
    const std = tf.moments(g).variance.sqrt().add(1e-8);
    const noise = tf.randomNormal(g.shape, 0, 1, 'float32', (seed + i * 7919) >>> 0).mul(std);
    out.set(name, g.mul(coeff[m]).add(noise));
  }
  return out;
}
