import type { ViewFeatureSettings } from '@shared/api/methods/datasets';
import {
  DEFAULT_FEATURE_SETTINGS,
  FEATURE_PRESET_NAMES,
  FEATURE_PRESETS,
  type FeaturePreset,
  type FeatureSettingsRequest,
  IMAGE_RESIZES,
  NORMALISATIONS,
} from '@shared/domain/dataset';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { positiveInt } from '../parsers';

export interface FeatureFlags {
  features: boolean;
  sampleRate?: number;
  audioFrames?: number | 'auto';
  melBins?: number;
  imageSize?: number;
  storage?: 'float32' | 'float16';
  normalisation?: 'dataset' | 'cav-mae';
  imageResize?: 'stretch' | 'bicubic-crop';
  featurePreset?: FeaturePreset;
}

function framesOrAuto(value: string): number | 'auto' {
  if (value === 'auto') return 'auto';
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) {
    throw new InvalidArgumentError("expected a positive whole number or 'auto'");
  }
  return n;
}

/**
 * The feature options. At import they fix the dataset's settings (defaults for any left out);
 * for inspect and preview they are left out unless given, so the dataset's own settings apply.
 */
export function addFeatureOptions(command: Command, at: 'import' | 'view'): Command {
  const d = DEFAULT_FEATURE_SETTINGS;
  const fallback = (value: string | number) =>
    at === 'import' ? `(default: ${value})` : "(default: the dataset's)";
  return command
    .option('--sample-rate <hz>', `feature sample rate ${fallback(d.sampleRate)}`, positiveInt)
    .option(
      '--audio-frames <n|auto>',
      at === 'import'
        ? `filterbank frames kept (10 ms each); 'auto' = enough for the longest clip ${fallback(d.audioFrames)}`
        : `filterbank frames kept (10 ms each) ${fallback(d.audioFrames)}`,
      at === 'import' ? framesOrAuto : positiveInt,
    )
    .option('--mel-bins <n>', `mel bins ${fallback(d.melBins)}`, positiveInt)
    .option('--image-size <px>', `image side after resizing ${fallback(d.imageSize)}`, positiveInt)
    .addOption(
      new Option('--storage <type>', `feature cache value type ${fallback(d.storage)}`).choices([
        'float32',
        'float16',
      ]),
    )
    .addOption(
      new Option(
        '--normalisation <n>',
        `dataset (train-split statistics) or cav-mae (the constants CAV-MAE's weights expect) ${fallback('dataset')}`,
      ).choices(NORMALISATIONS),
    )
    .addOption(
      new Option(
        '--image-resize <r>',
        `stretch (both sides to the size) or bicubic-crop (shorter side, bicubic, centre square; as CAV-MAE) ${fallback('stretch')}`,
      ).choices(IMAGE_RESIZES),
    )
    .addOption(
      new Option(
        '--feature-preset <name>',
        "a backbone's expected input (cav-mae: 16 kHz, 128 mel bins, 1024 frames, 224 px bicubic-crop, its normalisation); options given beside it win",
      ).choices(FEATURE_PRESET_NAMES),
    );
}

/** Only the feature options that were given. */
export function featureRequest(flags: FeatureFlags): FeatureSettingsRequest {
  const request: FeatureSettingsRequest = {
    ...(flags.featurePreset ? FEATURE_PRESETS[flags.featurePreset] : {}),
  };
  const given: FeatureSettingsRequest = {
    sampleRate: flags.sampleRate,
    audioFrames: flags.audioFrames,
    melBins: flags.melBins,
    imageSize: flags.imageSize,
    storage: flags.storage,
    normalisation: flags.normalisation,
    imageResize: flags.imageResize,
  };
  for (const [key, value] of Object.entries(given)) {
    if (value !== undefined) Object.assign(request, { [key]: value });
  }
  return request;
}

/** The view's feature options, or undefined (the dataset's own settings) when none was given. */
export function viewFeatures(flags: FeatureFlags): ViewFeatureSettings | undefined {
  const request = featureRequest(flags);
  // At view time --audio-frames parses as a positive whole number (no 'auto').
  return Object.keys(request).length ? (request as ViewFeatureSettings) : undefined;
}
