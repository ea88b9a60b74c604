import { z } from 'zod';

export const AUDIO_NOISES = ['gaussian', 'time_shift', 'time_mask', 'freq_mask'] as const;
export const AudioNoiseSchema = z.enum(AUDIO_NOISES);
export type AudioNoise = z.infer<typeof AudioNoiseSchema>;

export const VISUAL_NOISES = ['gaussian', 'blur', 'pixelate', 'occlusion'] as const;
export const VisualNoiseSchema = z.enum(VISUAL_NOISES);
export type VisualNoise = z.infer<typeof VisualNoiseSchema>;

/** How each noise type is named in the UI and in reports. */
export const NOISE_LABELS: Record<AudioNoise | VisualNoise, string> = {
  gaussian: 'Gaussian',
  time_shift: 'Time shift',
  time_mask: 'Time mask',
  freq_mask: 'Frequency mask',
  blur: 'Blur',
  pixelate: 'Pixelate',
  occlusion: 'Occlusion',
};

/** Severity in [0, 1]: 0 leaves the input as it is, 1 is the strongest setting of that noise. */
export const SeveritySchema = z.number().min(0).max(1);

/**
 * How the degraded modality of a case is corrupted. For each sample that is degraded (a share
 * `rate` = η of the batch), one of the listed noise types is drawn, seeded.
 */
export const CorruptionConfigSchema = z.object({
  audioNoises: z.array(AudioNoiseSchema).min(1),
  visualNoises: z.array(VisualNoiseSchema).min(1),
  severity: SeveritySchema,
  /** η: the share of samples degraded, 0..1. */
  rate: z.number().min(0).max(1),
});
export type CorruptionConfig = z.infer<typeof CorruptionConfigSchema>;

export const DEFAULT_CORRUPTION: CorruptionConfig = {
  audioNoises: ['gaussian', 'time_shift', 'time_mask', 'freq_mask'],
  visualNoises: ['gaussian', 'blur', 'pixelate', 'occlusion'],
  severity: 0.5,
  rate: 1,
};
