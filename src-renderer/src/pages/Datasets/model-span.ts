import type { ClipSpectrogram } from '@shared/api/methods/datasets';

/** What the model hears of a clip: from its start, `modelFrames` frames, zero-padded past its end. */
export interface ModelSpan {
  /** Seconds of audio the model's input covers (modelFrames × shift). */
  inputSeconds: number;
  /** Seconds of the clip inside it (less than inputSeconds when the clip is shorter: padded). */
  heardSeconds: number;
  clipSeconds: number;
  /** The last frame of the drawn clip that the model sees (exclusive). */
  toFrame: number;
  cropped: boolean;
  padded: boolean;
}

export function modelSpan(clip: ClipSpectrogram): ModelSpan {
  const inputSeconds = (clip.modelFrames * clip.frameShiftMs) / 1000;
  const clipSeconds = clip.durationSeconds;
  return {
    inputSeconds,
    heardSeconds: Math.min(inputSeconds, clipSeconds),
    clipSeconds,
    toFrame: Math.min(clip.modelFrames, clip.frames),
    cropped: clip.clipFrames > clip.modelFrames,
    padded: clip.clipFrames < clip.modelFrames,
  };
}

/** One sentence for the sample view: which part of the clip the model sees, and why. */
export function describeModelSpan(span: ModelSpan): string {
  const input = `${span.inputSeconds.toFixed(2)} s`;
  if (span.cropped) {
    return `The model sees 0.00–${input} of this ${span.clipSeconds.toFixed(2)} s clip (its first ${input}; the rest is cropped).`;
  }
  if (span.padded) {
    return `The model sees all ${span.clipSeconds.toFixed(2)} s of this clip, padded with silence to ${input}.`;
  }
  return `The model sees the whole clip (${input}).`;
}
