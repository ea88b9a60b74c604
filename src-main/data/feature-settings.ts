import {
  type AutoAudioFrames,
  type DatasetRecord,
  type DatasetSample,
  DEFAULT_FEATURE_SETTINGS,
  type FeatureSettings,
  type FeatureSettingsRequest,
} from '@shared/domain/dataset';
import { FbankExtractor } from './audio/fbank';

/** The command-line option of each setting, so that a refusal names what the user typed. */
export const FEATURE_OPTION_FLAGS: Record<keyof FeatureSettings, string> = {
  sampleRate: '--sample-rate',
  audioFrames: '--audio-frames',
  melBins: '--mel-bins',
  imageSize: '--image-size',
  storage: '--storage',
  normalisation: '--normalisation',
  imageResize: '--image-resize',
};

/** A feature setting that cannot be honoured; names the setting and its CLI option. */
export class FeatureSettingsError extends Error {
  readonly option: keyof FeatureSettings;

  constructor(option: keyof FeatureSettings, reason: string) {
    super(`feature setting ${option} (${FEATURE_OPTION_FLAGS[option]}): ${reason}`);
    this.name = 'FeatureSettingsError';
    this.option = option;
  }
}

/** Kaldi fbank frame shift as the pipeline uses it (see audio/fbank.ts). */
export const FRAME_SHIFT_MS = 10;

/**
 * Bounds beyond which a setting is a typo or would not fit in memory: the WAV decoder's rate
 * range, 65 536 frames (≈ 11 minutes of 10 ms frames) and 1024-pixel images.
 */
export const FEATURE_LIMITS = {
  sampleRate: { min: 1000, max: 384_000 },
  audioFrames: { max: 65_536 },
  imageSize: { max: 1024 },
} as const;

/** Throws FeatureSettingsError for the first setting that cannot be honoured. */
export function checkFeatureSettings(settings: FeatureSettings): FeatureSettings {
  const { sampleRate, audioFrames, melBins, imageSize } = settings;
  const whole = (option: keyof FeatureSettings, value: number) => {
    if (!Number.isInteger(value) || value < 1) {
      throw new FeatureSettingsError(option, `${value} is not a positive whole number`);
    }
  };
  whole('sampleRate', sampleRate);
  whole('audioFrames', audioFrames);
  whole('melBins', melBins);
  whole('imageSize', imageSize);
  if (sampleRate < FEATURE_LIMITS.sampleRate.min || sampleRate > FEATURE_LIMITS.sampleRate.max) {
    throw new FeatureSettingsError(
      'sampleRate',
      `${sampleRate} Hz is outside ${FEATURE_LIMITS.sampleRate.min}–${FEATURE_LIMITS.sampleRate.max} Hz`,
    );
  }
  if (audioFrames > FEATURE_LIMITS.audioFrames.max) {
    throw new FeatureSettingsError(
      'audioFrames',
      `${audioFrames} frames (${(audioFrames * FRAME_SHIFT_MS) / 1000} s) is more than the ` +
        `${FEATURE_LIMITS.audioFrames.max} the feature cache accepts`,
    );
  }
  if (imageSize > FEATURE_LIMITS.imageSize.max) {
    throw new FeatureSettingsError(
      'imageSize',
      `${imageSize} px is more than ${FEATURE_LIMITS.imageSize.max} px`,
    );
  }
  if (settings.storage !== 'float32' && settings.storage !== 'float16') {
    throw new FeatureSettingsError('storage', `'${settings.storage}' is not float32 or float16`);
  }
  // More mel filters than FFT bins cannot all be distinct (CAV-MAE's own 16 kHz × 128 already
  // leaves its lowest filter empty, as torchaudio does, so a few empty ones are tolerated).
  const { fftSize } = new FbankExtractor({ sampleRate, melBins: 1 });
  if (melBins > fftSize / 2) {
    throw new FeatureSettingsError(
      'melBins',
      `${melBins} mel bins at ${sampleRate} Hz exceed the ${fftSize / 2} frequency bins of the ` +
        `25 ms window's ${fftSize}-point FFT; use at most ${fftSize / 2} or a higher --sample-rate`,
    );
  }
  return settings;
}

/**
 * Frames the pipeline takes from a whole clip at `sampleRate`: Kaldi's snip_edges count on the
 * resampled length (ceil(n · rate / native), see audio/resample.ts).
 */
export function framesOfClip(durationSeconds: number, sampleRate: number): number {
  // The small slack keeps an exact product (0.5 s × 16000) from rounding up by float error.
  const samples = Math.ceil(durationSeconds * sampleRate - 1e-6);
  const extractor = new FbankExtractor({ sampleRate, melBins: 1 });
  return extractor.frameCount(samples);
}

/**
 * The settings a dataset gets at import: the request over the defaults, `audioFrames: 'auto'`
 * resolved to the frames of the longest clip, then checked.
 */
export function resolveFeatureSettings(
  request: FeatureSettingsRequest,
  samples: readonly Pick<DatasetSample, 'id' | 'durationSeconds'>[],
): { settings: FeatureSettings; audioFramesAuto?: AutoAudioFrames } {
  const { normalisation, imageResize, ...rest } = request;
  const base = {
    ...DEFAULT_FEATURE_SETTINGS,
    ...definedFields(rest),
    ...storedChoices(normalisation, imageResize),
  };
  if (base.audioFrames !== 'auto') {
    return { settings: checkFeatureSettings({ ...base, audioFrames: base.audioFrames }) };
  }
  checkFeatureSettings({ ...base, audioFrames: 1 });
  let longest: Pick<DatasetSample, 'id' | 'durationSeconds'> | undefined;
  for (const sample of samples) {
    if (!longest || sample.durationSeconds > longest.durationSeconds) longest = sample;
  }
  const frames = longest ? framesOfClip(longest.durationSeconds, base.sampleRate) : 0;
  if (!longest || frames < 1) {
    throw new FeatureSettingsError(
      'audioFrames',
      `'auto' found no clip of at least one 25 ms frame (longest: ${
        longest ? `${longest.durationSeconds} s in ${longest.id}` : 'no samples'
      })`,
    );
  }
  if (frames > FEATURE_LIMITS.audioFrames.max) {
    throw new FeatureSettingsError(
      'audioFrames',
      `'auto' would need ${frames} frames for the longest clip (${longest.id}, ` +
        `${longest.durationSeconds.toFixed(2)} s), more than ${FEATURE_LIMITS.audioFrames.max}; ` +
        'give a number of frames (longer clips are cropped)',
    );
  }
  return {
    settings: checkFeatureSettings({ ...base, audioFrames: frames }),
    audioFramesAuto: {
      longestSampleId: longest.id,
      longestClipSeconds: longest.durationSeconds,
      frameShiftMs: FRAME_SHIFT_MS,
      frames,
    },
  };
}

/** Feature settings asked for one view (inspect, preview): whole frames, no 'auto'. */
export type ViewFeatureRequest = Omit<FeatureSettingsRequest, 'audioFrames'> & {
  audioFrames?: number;
};

/**
 * The settings of one view: the fields given over the dataset's own settings, or undefined (the
 * dataset's own, unchanged) when none is given. Not checked: a view that only looks for a cache
 * (inspect) must not refuse what a preview would.
 */
export function viewFeatureSettings(
  own: FeatureSettings,
  request: ViewFeatureRequest = {},
): FeatureSettings | undefined {
  const { normalisation, imageResize, ...given } = definedFields(request);
  if (Object.keys(given).length === 0 && normalisation === undefined && imageResize === undefined) {
    return undefined;
  }
  const {
    normalisation: ownNormalisation,
    imageResize: ownImageResize,
    ...settings
  } = { ...own, ...given };
  return {
    ...settings,
    ...storedChoices(normalisation ?? ownNormalisation, imageResize ?? ownImageResize),
  };
}

/**
 * The defaults (`dataset` normalisation, `stretch` resize) are stored as absent, so that the
 * settings, and cache keys, of datasets imported before these choices existed are unchanged.
 */
function storedChoices(
  normalisation: FeatureSettingsRequest['normalisation'],
  imageResize: FeatureSettingsRequest['imageResize'],
): Pick<FeatureSettings, 'normalisation' | 'imageResize'> {
  return {
    ...(normalisation === 'cav-mae' ? { normalisation } : {}),
    ...(imageResize === 'bicubic-crop' ? { imageResize } : {}),
  };
}

/** Settings fixed for a stored dataset; older records fall back to their import cache. */
export function datasetFeatureSettings(record: DatasetRecord): FeatureSettings {
  return record.features ?? record.report.features?.settings ?? DEFAULT_FEATURE_SETTINGS;
}

function definedFields<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, field]) => field !== undefined),
  ) as Partial<T>;
}
